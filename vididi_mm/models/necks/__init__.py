from .projection_mlp import ProjectionMLP

__all__ = ['ProjectionMLP']
