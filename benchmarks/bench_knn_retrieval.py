"""Chunked kNN retrieval against scikit-learn's brute-force cosine NearestNeighbors.

    python benchmarks/bench_knn_retrieval.py [--gallery 240000] [--queries 20000] [--dim 512]

Random L2-normalised features with 400 classes (a Kinetics-size gallery). Each
method runs in its own process so that its peak resident memory is its own;
the script checks that both give the same top-1/5/10 recall and reports how
many neighbour lists agree exactly.
"""
import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

K = 10


def make_features(n_gallery, n_query, dim, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(400, dim)).astype(np.float32)

    def draw(n):
        labels = rng.integers(0, 400, n)
        x = centres[labels] + 2.0 * rng.normal(size=(n, dim)).astype(np.float32)
        return x / np.linalg.norm(x, axis=1, keepdims=True), labels

    return (*draw(n_gallery), *draw(n_query))


def run(method, args, out):
    if method == 'vididi_mm':
        import torch
        from vididi_mm.evaluation import knn_search
    else:
        from sklearn.neighbors import NearestNeighbors
    gallery, g_labels, query, q_labels = make_features(args.gallery, args.queries, args.dim)
    start = time.perf_counter()
    if method == 'vididi_mm':
        neighbours = knn_search(torch.from_numpy(query), torch.from_numpy(gallery), K).numpy()
    else:
        nn = NearestNeighbors(n_neighbors=K, algorithm='brute', metric='cosine').fit(gallery)
        neighbours = nn.kneighbors(query, return_distance=False)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    same = g_labels[neighbours] == q_labels[:, None]
    recall = {f'top{k}': float(same[:, :k].any(axis=1).mean() * 100) for k in (1, 5, 10)}
    np.save(out, neighbours)
    print(json.dumps(dict(seconds=seconds, peak_mb=peak_mb, recall=recall)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--gallery', type=int, default=240000)
    parser.add_argument('--queries', type=int, default=20000)
    parser.add_argument('--dim', type=int, default=512)
    parser.add_argument('--method', help=argparse.SUPPRESS)
    parser.add_argument('--out', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.method:
        run(args.method, args, args.out)
        return
    import tempfile
    results, lists = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for method in ('vididi_mm', 'sklearn'):
            out = f'{tmp}/{method}.npy'
            proc = subprocess.run(
                [sys.executable, __file__, '--method', method, '--out', out,
                 '--gallery', str(args.gallery), '--queries', str(args.queries),
                 '--dim', str(args.dim)], capture_output=True, text=True, check=True)
            results[method] = json.loads(proc.stdout.strip().splitlines()[-1])
            lists[method] = np.load(out)
    agree = (lists['vididi_mm'] == lists['sklearn']).all(axis=1).mean() * 100
    print(f'gallery {args.gallery} x {args.dim}, {args.queries} queries, k = {K}\n')
    print('| method | time (s) | peak RSS (MB) | top1 | top5 | top10 |')
    print('|---|---|---|---|---|---|')
    for method, r in results.items():
        rec = r['recall']
        print(f'| {method} | {r["seconds"]:.1f} | {r["peak_mb"]:.0f} | '
              f'{rec["top1"]:.2f} | {rec["top5"]:.2f} | {rec["top10"]:.2f} |')
    identical = results['vididi_mm']['recall'] == results['sklearn']['recall']
    print(f'\nrecall identical: {identical}; identical neighbour lists: {agree:.2f}%')
    if not identical:
        sys.exit(1)


if __name__ == '__main__':
    main()
