from .clustering import best_retrieved_classes, plot_tsne, silhouette_table
from .embedding_stats import collapse_summary, effective_rank, per_dimension_std
from .knn_retrieval_metric import KNNRetrievalMetric, retrieval_recall
from .knn_search import knn_search

__all__ = [
    'KNNRetrievalMetric', 'best_retrieved_classes', 'collapse_summary',
    'effective_rank', 'knn_search', 'per_dimension_std', 'plot_tsne',
    'retrieval_recall', 'silhouette_table'
]
