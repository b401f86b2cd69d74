"""kNN retrieval against a brute-force computation written here."""
import numpy as np
import pytest
import torch

from vididi_mm.evaluation import KNNRetrievalMetric, knn_search, retrieval_recall


def brute_force_recall(query, gallery, q_labels, g_labels, ks):
    """Full similarity matrix; ties go to the smaller gallery index (stable sort)."""
    sims = query.astype(np.float64) @ gallery.astype(np.float64).T
    recall = {}
    for k in ks:
        hits = 0
        for i in range(len(query)):
            order = sorted(range(len(gallery)), key=lambda j: (-sims[i, j], j))[:k]
            hits += any(g_labels[j] == q_labels[i] for j in order)
        recall[f'top{k}'] = 100 * hits / len(query)
    return recall


def features(n, dim, rng):
    x = rng.normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize('query_chunk, gallery_chunk', [(4096, 65536), (3, 5), (1, 7)])
def test_recall_matches_brute_force_with_ties(query_chunk, gallery_chunk):
    rng = np.random.default_rng(0)
    gallery = features(40, 8, rng)
    # Ties: repeated gallery rows with different classes, and queries equal
    # to gallery rows (similarity exactly 1 with several).
    gallery[10] = gallery[11] = gallery[12] = gallery[3]
    query = np.concatenate([features(15, 8, rng), gallery[[3, 20, 21]]])
    g_labels = rng.integers(0, 20, len(gallery))  # ~2 per class: k=10 > class size
    g_labels[[3, 10, 11, 12]] = [7, 8, 9, 7]
    q_labels = rng.integers(0, 20, len(query))
    ks = (1, 5, 10)
    neighbours = knn_search(torch.from_numpy(query), torch.from_numpy(gallery), 10,
                            query_chunk, gallery_chunk)
    got = retrieval_recall(neighbours, torch.from_numpy(q_labels),
                           torch.from_numpy(g_labels), ks)
    assert got == pytest.approx(brute_force_recall(query, gallery, q_labels, g_labels, ks))
    # The tied rows come in index order.
    assert neighbours[15, :4].tolist() == [3, 10, 11, 12]


def test_the_metric_splits_gallery_and_queries(tmp_path):
    rng = np.random.default_rng(1)
    feats = features(12, 4, rng)
    labels = [0, 0, 1, 1, 2, 2, 0, 1, 2, 0, 1, 2]
    splits = ['gallery'] * 6 + ['query'] * 6
    metric = KNNRetrievalMetric(topk=(1, 5), dump_file=str(tmp_path / 'f.npz'))
    metric.process(None, [
        dict(feature=torch.from_numpy(f), gt_label=torch.tensor([y]),
             retrieval_split=s, filename=f'v{i}.mp4')
        for i, (f, y, s) in enumerate(zip(feats, labels, splits))])
    result = metric.compute_metrics(metric.results)
    expected = brute_force_recall(feats[6:], feats[:6], labels[6:], labels[:6], (1, 5))
    assert result == pytest.approx(expected)
    dumped = np.load(tmp_path / 'f.npz')
    np.testing.assert_array_equal(dumped['labels'], labels)
    assert list(dumped['filenames'][:2]) == ['v0.mp4', 'v1.mp4']


def test_missing_split_is_a_clear_error():
    with pytest.raises(KeyError, match='retrieval_split'):
        KNNRetrievalMetric().process(None, [dict(feature=torch.zeros(2),
                                                 gt_label=torch.tensor([0]))])
