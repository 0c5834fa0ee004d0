"""The estimator interface without importing scikit-learn: constructor parameters and the type.

Tagging loads a model and predicts; importing scikit-learn to do so (its ``base`` module pulls in
scipy.stats and much else) took about 1.1 s of a 2 s run on the five seed articles. The model
classes therefore take their estimator interface from here: ``get_params`` and ``set_params`` read
the constructor's keyword parameters, as scikit-learn's ``BaseEstimator`` does, so
``sklearn.base.clone`` and ``is_classifier`` still work on them (tests/test_imports.py);
scikit-learn itself is imported only to train.
"""

from __future__ import annotations

import inspect


class Params:
    """``get_params``/``set_params`` over the constructor's keyword parameters."""

    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return sorted(
            name
            for name, parameter in signature.parameters.items()
            if name != "self" and parameter.kind == parameter.KEYWORD_ONLY
        )

    def get_params(self, deep: bool = True) -> dict:
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params):
        unknown = set(params) - set(self._param_names())
        if unknown:
            raise ValueError(f"{type(self).__name__} has no parameters {sorted(unknown)}")
        for name, value in params.items():
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        arguments = ", ".join(f"{name}={value!r}" for name, value in self.get_params().items())
        return f"{type(self).__name__}({arguments})"


class ClassifierParams(Params):
    """A classifier: scikit-learn's tools tell classifiers by this attribute and these tags."""

    _estimator_type = "classifier"

    def __sklearn_tags__(self):
        from sklearn.utils import ClassifierTags, Tags, TargetTags  # only asked when sklearn is

        return Tags(
            estimator_type="classifier",
            target_tags=TargetTags(required=True),
            classifier_tags=ClassifierTags(),
        )


class TransformerParams(Params):
    """A transformer (``fit`` then ``transform``)."""

    def fit_transform(self, X, y=None, **fit_params):
        return self.fit(X, y, **fit_params).transform(X)
