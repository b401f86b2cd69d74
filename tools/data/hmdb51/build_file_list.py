"""HMDB51 split files -> MMAction2 list files.

    python tools/data/hmdb51/build_file_list.py data/hmdb51/testTrainMulti_7030_splits \
        data/hmdb51/videos [--out-dir data/hmdb51] [--split 1] [--allow-missing]

Writes hmdb51_{train,val}_split_N_videos.txt ("brush_hair/<video>.avi 0").
"""
import os.path as osp
import sys

# tools.* modules are imported by their path from the repository root.
sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..', '..', '..')))

from tools.data.file_lists import hmdb51_lists, split_lists_main

if __name__ == '__main__':
    split_lists_main('hmdb51', hmdb51_lists, __doc__, 'folder with <class>_test_split<N>.txt')
