from .pretrained_recognizer3d import PretrainedRecognizer3D
from .retrieval_encoder import RetrievalEncoder

__all__ = ['PretrainedRecognizer3D', 'RetrievalEncoder']
