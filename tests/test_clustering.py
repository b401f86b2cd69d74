"""Clustering scores and t-SNE pictures from dumped retrieval features."""
import subprocess
import sys

import numpy as np
from sklearn.metrics import silhouette_score

from conftest import REPO_ROOT
from vididi_mm.evaluation import best_retrieved_classes, silhouette_table


def clustered_features(seed=0):
    """Six classes around their own direction, class c noisier than c - 1."""
    rng = np.random.default_rng(seed)
    centres = np.eye(6, 16) * 3
    labels = np.repeat(np.arange(6), 10)
    noise = rng.normal(size=(60, 16)) * (0.2 + 0.6 * labels[:, None])
    splits = np.array(['gallery', 'gallery', 'gallery', 'query', 'query'] * 12)
    return (centres[labels] + noise).astype(np.float32), labels, splits


def test_ranking_and_silhouette_against_sklearn():
    feats, labels, splits = clustered_features()
    ranked = best_retrieved_classes(feats, labels, splits)
    assert ranked[:2] == [0, 1]  # the tightest classes retrieve best
    query = splits == 'query'
    table = silhouette_table(feats[query], labels[query], ranked, counts=(3, 5, 'all'))
    for n, value in table.items():
        chosen = ranked if n == 'all' else ranked[:int(n)]
        mask = np.isin(labels[query], chosen)
        assert value == silhouette_score(feats[query][mask], labels[query][mask],
                                         metric='cosine')
    assert table['3'] > table['all']


def test_tool_writes_table_and_pictures(tmp_path):
    feats, labels, splits = clustered_features()
    np.savez(tmp_path / 'f.npz', features=feats, labels=labels, splits=splits,
             filenames=np.array([f'v{i}' for i in range(60)]))
    result = subprocess.run(
        [sys.executable, f'{REPO_ROOT}/tools/analysis/clustering.py',
         str(tmp_path / 'f.npz'), str(tmp_path / 'out')],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert '| silhouette |' in result.stdout
    for name in ('silhouette.json', 'tsne_top5.png'):
        assert (tmp_path / 'out' / name).stat().st_size > 0
    assert not (tmp_path / 'out' / 'tsne_top10.png').exists()  # only 6 classes
    with open(tmp_path / 'out' / 'tsne_top5.png', 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'
