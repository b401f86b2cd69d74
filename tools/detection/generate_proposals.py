"""Person proposals for AVA-format data from an MMDet Faster R-CNN checkpoint.

    python tools/detection/generate_proposals.py DET_CONFIG DET_CHECKPOINT \
        --ann-file data/ava/annotations/ava_val_v2.1.csv --frames-root data/ava/rawframes \
        --out data/ava/annotations/my_proposals_val.pkl [--fps 30] [--timestamp-start 900]

DET_CONFIG is an MMDet detector config, e.g. mmdet::faster_rcnn/faster-rcnn_r50_fpn_2x_coco.py,
and DET_CHECKPOINT your checkpoint for it (nothing is downloaded). Every keyframe the annotation
file names is detected; the person boxes (class --person-label) with their scores are written in
the pkl format that AVADataset's proposal_file reads. Use the pkl as the detection configs'
train/val/test proposal_file.
"""
import argparse
import os
import os.path as osp
import pickle
import sys

# tools.* modules are imported by their path from the repository root.
sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..', '..')))

import vididi_mm  # noqa: F401  (stack fixes first)
from tools.detection.ava_proposals import detect_people, keyframes_of


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='MMDet detector config')
    parser.add_argument('checkpoint', help='its checkpoint')
    parser.add_argument('--ann-file', required=True, help='AVA annotation CSV')
    parser.add_argument('--frames-root', required=True)
    parser.add_argument('--out', required=True, help='output .pkl')
    parser.add_argument('--fps', type=int, default=30)
    parser.add_argument('--timestamp-start', type=int, default=900)
    parser.add_argument('--person-label', type=int, default=0)
    parser.add_argument('--score-thr', type=float, default=None,
                        help="override the detector's test score threshold")
    parser.add_argument('--device', default='cpu')
    args = parser.parse_args()

    from mmdet.apis import init_detector
    from mmengine.config import Config

    cfg = Config.fromfile(args.config)
    if args.score_thr is not None:
        cfg.model.test_cfg.rcnn.score_thr = args.score_thr
    detector = init_detector(cfg, args.checkpoint, device=args.device)
    keyframes = keyframes_of(args.ann_file)
    proposals = detect_people(detector, args.frames_root, keyframes, args.fps,
                              args.timestamp_start, args.person_label, progress=True)
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    with open(args.out, 'wb') as f:
        pickle.dump(proposals, f)
    print(f'{args.out}: {sum(len(v) for v in proposals.values())} person boxes on '
          f'{len(proposals)} keyframes; {len(keyframes) - len(proposals)} keyframes '
          'without a person (the dataset uses the whole frame there)')


if __name__ == '__main__':
    main()
