"""The package's exceptions. Every message names the file (and row or line) and the fix."""


class ClassifierError(Exception):
    """Base class: a handled error the CLI reports in one line and exits 1."""


class InputError(ClassifierError):
    """An article or sentence input that cannot be read."""


class LabelFileError(ClassifierError):
    """A hand-label file that is missing columns, has unknown labels or contradicts itself."""


class ModelError(ClassifierError):
    """A model folder that is missing, corrupt or from an incompatible version."""


class OutputExistsError(ClassifierError):
    """An output that already exists and would be replaced without --force."""


class TrainingError(ClassifierError):
    """Labels that cannot train a model (too few labels or examples)."""


class EngineError(ClassifierError):
    """A distributed run that cannot start: bad engine options or an unreachable cluster."""
