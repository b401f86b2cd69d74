"""Silhouette scores (Table 7) and t-SNE pictures (Fig. 4) of retrieval features.

    python tools/analysis/clustering.py FEATURES.npz OUT_DIR [--class-names classInd.txt]

FEATURES.npz comes from the retrieval configs
(``--cfg-options test_evaluator.dump_file=FEATURES.npz``). Classes are ranked by
their queries' top-1 retrieval accuracy; the silhouette score (cosine) of the
query features is computed for the 3, 5, 10, 15, 20 best-retrieved and all
classes, and t-SNE PNGs are drawn for the top 5 and top 10.
"""
import argparse
import json
import os
import os.path as osp

import numpy as np

from vididi_mm.evaluation import best_retrieved_classes, plot_tsne, silhouette_table


def read_class_names(path):
    # One class per line, "name" or "index name" (UCF101's classInd.txt).
    with open(path) as f:
        return [line.split()[-1] for line in f if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('features', help='.npz written by KNNRetrievalMetric')
    parser.add_argument('out_dir')
    parser.add_argument('--class-names', help='a file with one class per line')
    parser.add_argument('--title', default='', help='prefix of the figure titles')
    args = parser.parse_args()

    data = np.load(args.features)
    features, labels, splits = data['features'], data['labels'], data['splits']
    names = read_class_names(args.class_names) if args.class_names else None
    ranked = best_retrieved_classes(features, labels, splits)
    query = splits == 'query'
    table = silhouette_table(features[query], labels[query], ranked)

    os.makedirs(args.out_dir, exist_ok=True)
    with open(osp.join(args.out_dir, 'silhouette.json'), 'w') as f:
        json.dump(dict(ranked_classes=ranked, silhouette=table), f, indent=2)
    print('| top-n classes | ' + ' | '.join(table) + ' |')
    print('|---|' + '---|' * len(table))
    print('| silhouette | ' + ' | '.join(f'{v:.3f}' for v in table.values()) + ' |')
    for n in (5, 10):
        if len(ranked) >= n:
            path = osp.join(args.out_dir, f'tsne_top{n}.png')
            plot_tsne(features[query], labels[query], ranked[:n], path, names,
                      title=f'{args.title} top {n} classes'.strip())
            print(f'wrote {path}')


if __name__ == '__main__':
    main()
