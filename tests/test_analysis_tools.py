"""The analysis tools end to end on the tiny synthetic videos: similar-video search,
saliency with the generator's masks, the pre-training views and the collapse diagnosis."""
import json
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config

from conftest import REPO_ROOT, run_tool
from vididi_mm.datasets import parse_video_list
from vididi_mm.evaluation import effective_rank, knn_search

TINY_RETRIEVAL = osp.join(REPO_ROOT, 'tests', 'configs', 'tiny_retrieval.py')


def test_find_similar_returns_the_query_first_and_knn_search_neighbours(
        tiny_videos, tiny_pretrained, tmp_path):
    root, lists = tiny_videos
    entries = parse_video_list(lists['train'], str(root))
    query = entries[3]['filename']
    cache, sheet = tmp_path / 'features.npz', tmp_path / 'similar.png'
    args = [TINY_RETRIEVAL, tiny_pretrained, '--index', lists['train'], '--query', query,
            '--topk', 4, '--cache', cache, '--out', sheet]
    log = run_tool('analysis/find_similar.py', *args)
    found = [line.split() for line in log.splitlines() if line[:2] in ('1.', '2.', '3.', '4.')]
    assert [row[0] for row in found] == ['1.', '2.', '3.', '4.']
    assert found[0][2] == query and float(found[0][1]) == pytest.approx(1.0, abs=1e-4)
    assert osp.isfile(sheet)
    # The neighbours are knn_search's over the cached features, which are retrieval's own:
    # the same as tools/test.py dumps for the same videos.
    data = np.load(cache)
    features = torch.from_numpy(data['features'])
    expected = knn_search(features[3:4], features, 4)[0].tolist()
    assert [row[2] for row in found] == [entries[i]['filename'] for i in expected]
    dump = tmp_path / 'retrieval.npz'
    run_tool('test.py', TINY_RETRIEVAL, tiny_pretrained, '--work-dir', tmp_path / 'test',
             '--cfg-options', f'test_dataloader.dataset.gallery_ann_file={lists["train"]}',
             f'test_dataloader.dataset.query_ann_file={lists["test"]}',
             f'test_dataloader.dataset.data_prefix.video={root}',
             f'test_evaluator.dump_file={dump}')
    retrieval = np.load(dump)
    gallery = retrieval['splits'] == 'gallery'
    np.testing.assert_allclose(retrieval['features'][gallery], data['features'], atol=1e-5)
    # A second run reads the cache back instead of encoding again.
    again = run_tool('analysis/find_similar.py', *args)
    assert 'encoding videos' not in again
    assert [line.split() for line in again.splitlines()
            if line[:2] in ('1.', '2.', '3.', '4.')] == found


def test_saliency_tool_measures_the_ball_and_writes_pictures(tiny_videos, tiny_pretrained,
                                                              tmp_path):
    root, lists = tiny_videos
    out = tmp_path / 'masses.json'
    log = run_tool('analysis/saliency.py', TINY_RETRIEVAL, tiny_pretrained, '--list',
                   lists['test'], '--data-prefix', root, '--method', 'gradient',
                   '--out-dir', tmp_path, '--max-pictures', 2, '--json', out)
    report = json.loads(out.read_text())
    assert report['videos_with_masks'] == 5 and 'saliency mass over 5 videos' in log
    for masses in report['videos'].values():
        assert 0 <= masses['object'] <= masses['band'] <= 1
        assert 0 < masses['object_area'] < masses['band_area'] < 1
    assert len(list(tmp_path.glob('*_gradient.png'))) == 2
    assert len(list(tmp_path.glob('*_gradient.gif'))) == 2


def test_pretraining_views_are_the_normalised_clips_and_their_differences(tiny_videos,
                                                                          tmp_path):
    from tools.analysis.pretraining_views import pretraining_views
    root, lists = tiny_videos
    video = parse_video_list(lists['train'], str(root))[0]['filename']
    cfg = Config.fromfile(osp.join(REPO_ROOT, 'tests', 'configs', 'tiny_vicreg.py'))
    clips, views = pretraining_views(cfg, video, seed=1)
    assert clips.shape[0] == 2 and abs(float(clips.mean())) < 3  # normalised, not 0-255
    for clip in range(2):
        raw = clips[clip]
        torch.testing.assert_close(views[clip, 0], raw)
        torch.testing.assert_close(views[clip, 1], raw[:, 1:] - raw[:, :-1])
        torch.testing.assert_close(views[clip, 2], raw[:, 2:] - 2 * raw[:, 1:-1] + raw[:, :-2])
    again, _ = pretraining_views(cfg, video, seed=1)
    torch.testing.assert_close(again, clips)  # seeded: the same views
    picture = tmp_path / 'views.png'
    run_tool('analysis/show_views.py', video, '--config',
             osp.join(REPO_ROOT, 'tests', 'configs', 'tiny_vicreg.py'), '--out', picture)
    assert osp.getsize(picture) > 0


def test_pretrain_diagnosis_measures_the_derivative_clips_it_is_asked_for(
        tiny_videos, tiny_pretrained, tmp_path):
    """``--order 1``: the rank of the features of first differences, as recomputed
    here from the same clips differentiated by hand."""
    from mmengine.registry import init_default_scope
    from mmengine.runner import Runner, load_checkpoint, set_random_seed
    from mmaction.registry import MODELS

    root, lists = tiny_videos
    config = osp.join(REPO_ROOT, 'tests', 'configs', 'tiny_vicreg.py')
    data = [f'train_dataloader.dataset.ann_file={lists["train"]}',
            f'train_dataloader.dataset.data_prefix.video={root}']
    out = tmp_path / 'order1.json'
    run_tool('analysis/pretrain_diagnosis.py', config, tiny_pretrained, '--order', 1,
             '--out', out, '--cfg-options', *data)
    report = json.loads(out.read_text())
    assert report['order'] == 1

    # The tool's own steps, in its order, so that the seeded draws are the same.
    cfg = Config.fromfile(config)
    cfg.merge_from_dict(dict(item.split('=', 1) for item in data))
    init_default_scope('mmaction')
    set_random_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    load_checkpoint(model, str(tiny_pretrained), map_location='cpu', strict=True)
    model.train()
    feats = []
    with torch.no_grad():
        for batch in Runner.build_dataloader(cfg.train_dataloader, seed=0):
            clips = model.data_preprocessor(batch, training=True)['inputs']
            for view in range(2):
                raw = clips[:, view]
                feats.append(model.extract_feat(raw[:, :, 1:] - raw[:, :, :-1]))
    feats = torch.cat(feats)
    rank = effective_rank(feats)  # itself checked by hand in test_raw_clip_bn.py
    assert report['backbone']['samples'] == len(feats)
    assert report['backbone']['effective_rank'] == pytest.approx(rank, rel=1e-4)
    # Raw clips give other features, so the order was not ignored.
    raw_out = tmp_path / 'order0.json'
    run_tool('analysis/pretrain_diagnosis.py', config, tiny_pretrained, '--out', raw_out,
             '--cfg-options', *data)
    raw_rank = json.loads(raw_out.read_text())['backbone']['effective_rank']
    assert raw_rank != pytest.approx(rank, rel=1e-3)
