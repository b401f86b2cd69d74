"""Exact k-nearest-neighbour search in bounded memory (App. B.4's kNN).

The one search behind retrieval recall and the clustering analysis.
"""
import numpy as np
import torch


def _stable_topk(values: torch.Tensor, indices: torch.Tensor, k: int):
    """Per row, the ``k`` largest values, ties to the smaller index.

    ``torch.topk`` is exact in the values but breaks ties arbitrarily. Rows
    whose k-th value recurs after position k (seen from one extra value) are
    re-ranked by (value descending, index ascending), so the result does not
    depend on how the gallery was chunked.
    """
    k = min(k, values.shape[1])
    top_values, pos = torch.topk(values, min(k + 1, values.shape[1]), dim=1)
    top_indices = torch.gather(indices, 1, pos)
    tied_rows = []
    if top_values.shape[1] > k:
        tied_rows = (top_values[:, k] == top_values[:, k - 1]).nonzero().flatten().tolist()
    top_values, top_indices = top_values[:, :k].clone(), top_indices[:, :k].clone()
    for r in tied_rows:
        cand = (values[r] >= top_values[r, -1]).nonzero().flatten()
        order = np.lexsort((indices[r, cand].numpy(), -values[r, cand].double().numpy()))[:k]
        top_values[r] = values[r, cand[order]]
        top_indices[r] = indices[r, cand[order]]
    # Order the k by value, then index, so equal values list the smaller index first.
    by_index = torch.argsort(top_indices, dim=1, stable=True)
    top_values = torch.gather(top_values, 1, by_index)
    top_indices = torch.gather(top_indices, 1, by_index)
    by_value = torch.argsort(top_values, dim=1, descending=True, stable=True)
    return torch.gather(top_values, 1, by_value), torch.gather(top_indices, 1, by_value)


@torch.no_grad()
def knn_search(query: torch.Tensor, gallery: torch.Tensor, k: int,
               query_chunk: int = 1024, gallery_chunk: int = 32768) -> torch.Tensor:
    """The ``k`` most similar gallery rows of each query row, by inner product.

    For L2-normalised features this is cosine similarity. Never holds the
    ``Q x G`` matrix: memory is ``O(query_chunk * (gallery_chunk + k))``.
    Ties go to the smaller gallery index, so the answer equals a brute-force
    stable sort.

    Args:
        query (Tensor): ``(Q, D)``.
        gallery (Tensor): ``(G, D)``.
        k (int): Neighbours per query (at most G).
        query_chunk (int): Queries per block. Defaults to 1024.
        gallery_chunk (int): Gallery rows per block. Defaults to 32768.

    Returns:
        Tensor: ``(Q, min(k, G))`` gallery indices, most similar first.
    """
    if query.shape[1] != gallery.shape[1]:
        raise ValueError(f'query and gallery widths differ: {tuple(query.shape)} '
                         f'vs {tuple(gallery.shape)}')
    k = min(k, len(gallery))
    out = torch.empty(len(query), k, dtype=torch.long)
    for q0 in range(0, len(query), query_chunk):
        q = query[q0:q0 + query_chunk]
        best_v = torch.empty(len(q), 0, dtype=q.dtype)
        best_i = torch.empty(len(q), 0, dtype=torch.long)
        for g0 in range(0, len(gallery), gallery_chunk):
            sims = q @ gallery[g0:g0 + gallery_chunk].T  # (q, g)
            idx = torch.arange(g0, g0 + sims.shape[1]).expand_as(sims)
            chunk_v, chunk_i = _stable_topk(sims, idx, k)
            best_v, best_i = _stable_topk(torch.cat([best_v, chunk_v], 1),
                                          torch.cat([best_i, chunk_i], 1), k)
        out[q0:q0 + len(q)] = best_i
    return out
