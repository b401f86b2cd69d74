# Table 6 row 1 (paper: 31.1 top-1), "Base": the VICReg baseline itself.
_base_ = '../baselines/vicreg_r3d18_ucf101.py'
