from .clustering import best_retrieved_classes, plot_tsne, silhouette_table
from .knn_retrieval import KNNRetrievalMetric, knn_search, retrieval_recall

__all__ = [
    'KNNRetrievalMetric', 'best_retrieved_classes', 'knn_search', 'plot_tsne',
    'retrieval_recall', 'silhouette_table'
]
