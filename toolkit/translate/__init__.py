"""Stage 2 engine: Argos packages (find, install) and batched CTranslate2 + SentencePiece translation.

The catalog stage depends only on the `Translator` protocol in `engine.py`, so tests can use a fake.
"""
