"""UCF101 split files -> MMAction2 list files.

    python tools/data/ucf101/build_file_list.py data/ucf101/ucfTrainTestlist data/ucf101/videos \
        [--out-dir data/ucf101] [--split 1] [--allow-missing]

Writes ucf101_{train,val}_split_N_videos.txt ("ApplyEyeMakeup/v_..._g08_c01.avi 0").
"""
import os.path as osp
import sys

# tools.* modules are imported by their path from the repository root.
sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..', '..', '..')))

from tools.data.file_lists import ucf101_lists, split_lists_main

if __name__ == '__main__':
    split_lists_main('ucf101', ucf101_lists, __doc__, 'folder with classInd.txt, trainlist01.txt, ...')
