"""Save and load a model folder: ``weights.npz`` (fitted arrays) and ``card.json`` (the rest).

A model is stored as plain arrays plus JSON, never as a pickle: loading one that somebody sent you
cannot run code (``numpy.load`` is called with ``allow_pickle=False``). The pipeline is rebuilt
from the settings in the card and the arrays are put back into it. This also keeps start-up
fast: nothing but numpy is needed to read a model.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from importlib.metadata import version
from pathlib import Path

import numpy as np

from ..attribution import SpeakerModel
from ..errors import ModelError
from ..outputs.writers import refuse_existing, replace_folder
from ..version import __version__
from .context import CONTEXT_NAMES
from .cues import CUE_NAMES
from .features import CUE_COLUMNS, build_features
from .linear import CalibratedLinear
from .share_calibration import ShareCalibration
from .tagger import PIPELINE_SETTINGS, build_pipeline

WEIGHTS_FILE = "weights.npz"
SPEAKERS_FILE = "speakers.npz"  # the learned speaker reader, when train was given --speakers
CARD_FILE = "card.json"
FORMAT = "classifier-arrays-3"
FOLDER_MODE = 0o755
RETRAIN_HINT = "retrain it with: classifier train --labels labels/ --output {path} --force"

# Fitted state of each pipeline component: everything else is rebuilt from the card's settings.
FITTED_STATE = {
    "features": ("word_idf_", "char_idf_", "cue_mean_", "cue_scale_"),
    "tagger": ("classes_", "sentence_coef_", "sentence_intercept_", "sentence_temperature_"),
    "context": ("classes_", "coef_", "intercept_", "temperature_", "alpha_"),
}


def save_model(model, card: dict, path: str | Path, *, force: bool = False) -> Path:
    """Write the model folder atomically: a complete new folder replaces the old one, or nothing."""
    path = Path(path)
    refuse_existing(path, force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    staging.chmod(FOLDER_MODE)
    try:
        np.savez_compressed(staging / WEIGHTS_FILE, **_fitted_arrays(model))
        if getattr(model, "speaker_model_", None) is not None:
            np.savez_compressed(staging / SPEAKERS_FILE, **model.speaker_model_.to_arrays())
        card = {**card, "format": FORMAT}
        (staging / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
        replace_folder(staging, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return path


def load_model(path: str | Path):
    """Load ``(model, card)`` from a model folder."""
    path = Path(path)
    card = read_card(path)
    check_compatible(card, path)
    check_features(card, path)
    weights_path = path / WEIGHTS_FILE
    try:
        with open(weights_path, "rb") as handle, np.load(handle, allow_pickle=False) as weights:
            arrays = {name: weights[name] for name in weights.files}
    except FileNotFoundError as e:
        raise ModelError(f"{weights_path}: missing; {RETRAIN_HINT.format(path=path)}") from e
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as e:
        raise ModelError(
            f"{weights_path}: cannot be read ({e}); {RETRAIN_HINT.format(path=path)}"
        ) from e
    model = build_pipeline(card.get("settings"))
    model.features_ = build_features(model._settings())
    model.context_ = CalibratedLinear() if card.get("context_stage", True) else None
    try:
        _restore_arrays(model, arrays)
    except KeyError as e:
        raise ModelError(
            f"{weights_path}: incomplete, {e} is missing; {RETRAIN_HINT.format(path=path)}"
        ) from e
    _check_shapes(model, weights_path)
    model.share_calibration_ = ShareCalibration.from_card(
        card.get("share_calibration"), model.classes_
    )
    model.speaker_model_ = _load_speaker_model(path / SPEAKERS_FILE)
    model.sentence_weights()
    return model, card


def _load_speaker_model(path: Path) -> SpeakerModel | None:
    """The learned speaker reader stored beside the weights; None (the rules) when there is none."""
    if not path.exists():
        return None
    try:
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as arrays:
            return SpeakerModel.from_arrays({name: arrays[name] for name in arrays.files})
    except (OSError, ValueError, zipfile.BadZipFile, EOFError, ModelError) as e:
        raise ModelError(
            f"{path}: cannot be read ({e}); {RETRAIN_HINT.format(path=path.parent)} "
            "--speakers FILE, or delete it to read speakers by the rules"
        ) from e


def is_current(
    path: str | Path, training_files: list[dict], speaker_files: list[dict] | None = None
) -> bool:
    """True when the model folder at ``path`` loads and was trained on exactly these label files
    (the same paths, rows and sha256) and speaker files by this version with these settings, so
    that training again would only change its timestamp. File times play no part."""
    try:
        card = load_model(path)[1]
    except ModelError:
        return False
    speakers = card.get("speaker_model") or {}
    return (
        card.get("training_files") == training_files
        and speakers.get("training_files", []) == (speaker_files or [])
        and card.get("classifier_version") == __version__
        # A card from before the share calibration: training again would add it.
        and ("share_calibration" in card or not card.get("cross_validation"))
        and {**PIPELINE_SETTINGS, **card.get("settings", {})}
        == json.loads(json.dumps(PIPELINE_SETTINGS))
    )


def read_card(path: str | Path) -> dict:
    path = Path(path)
    card_path = path / CARD_FILE
    if not path.is_dir():
        raise ModelError(
            f"{path}: no model folder here; train one with: classifier train --output {path}"
        )
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ModelError(f"{card_path}: missing; {RETRAIN_HINT.format(path=path)}") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ModelError(
            f"{card_path}: not a valid model card ({e}); {RETRAIN_HINT.format(path=path)}"
        ) from e
    if not isinstance(card, dict) or card.get("format") != FORMAT:
        raise ModelError(
            f"{card_path}: not a {FORMAT} model card; {RETRAIN_HINT.format(path=path)}"
        )
    return card


def check_compatible(card: dict, path: str | Path) -> None:
    """Refuse a model built by another scikit-learn minor version."""
    built = str(card.get("versions", {}).get("scikit-learn", "unknown"))
    installed = version("scikit-learn")  # from its metadata: importing it would take a second
    if _minor(built) != _minor(installed):
        raise ModelError(
            f"{path}: model was built with scikit-learn {built} but {installed} is "
            f"installed; {RETRAIN_HINT.format(path=path)}"
        )


def check_features(card: dict, path: str | Path) -> None:
    """Refuse a model whose cue or context features differ from this version's."""
    features = card.get("features", {})
    if features.get("cues") != list(CUE_NAMES) or features.get("context") != list(CONTEXT_NAMES):
        raise ModelError(
            f"{path}: model was built by classifier {card.get('classifier_version', 'unknown')} "
            f"with other cue or context features than classifier {__version__} computes; "
            f"{RETRAIN_HINT.format(path=path)}"
        )


def _check_shapes(model, weights_path: Path) -> None:
    features = model.features_
    expected = (len(model.classes_), features.n_features)
    sizes = {
        "word_idf_": features.n_hashed,
        "char_idf_": features.n_hashed if features.char_ngrams is not None else 0,
        "cue_mean_": len(CUE_COLUMNS),
        "cue_scale_": len(CUE_COLUMNS),
    }
    wrong = [name for name, size in sizes.items() if len(getattr(features, name)) != size]
    if model.sentence_coef_.shape != expected or wrong:
        raise ModelError(
            f"{weights_path}: weights of shape {model.sentence_coef_.shape} "
            f"({', '.join(wrong) or 'feature weights'} as stored) do not fit {expected[0]} "
            f"labels and {expected[1]} features; {RETRAIN_HINT.format(path=weights_path.parent)}"
        )


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def _component(model, name: str):
    return {"tagger": model, "context": model.context_, "features": model.features_}[name]


def _fitted_components(model) -> dict:
    return {
        name: attributes
        for name, attributes in FITTED_STATE.items()
        if name != "context" or model.context_ is not None
    }


def _fitted_arrays(model) -> dict[str, np.ndarray]:
    arrays = {}
    for name, attributes in _fitted_components(model).items():
        for attribute in attributes:
            array = np.asarray(getattr(_component(model, name), attribute))
            arrays[f"{name}.{attribute}"] = array.astype(str) if array.dtype == object else array
    return arrays


def _restore_arrays(model, arrays: dict[str, np.ndarray]) -> None:
    for name, attributes in _fitted_components(model).items():
        component = _component(model, name)
        for attribute in attributes:
            setattr(component, attribute, arrays[f"{name}.{attribute}"])
    model.classes_ = model.classes_.astype(object)
    model.sentence_temperature_ = float(model.sentence_temperature_)
    if model.context_ is not None:
        model.context_.classes_ = model.context_.classes_.astype(object)
        model.context_.temperature_ = float(model.context_.temperature_)
        model.context_.alpha_ = float(model.context_.alpha_)
