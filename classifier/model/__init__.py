"""The model: sentence features (hashed n-grams, cues, document context), the two linear stages,
training, cross-validated evaluation, explanations, and the model folder on disk."""
