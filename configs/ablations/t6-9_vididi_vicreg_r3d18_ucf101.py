# Table 6 row 9 (paper: 47.6 top-1), "ViDiDi": ViDiDi-VICReg itself (Alg. 1).
_base_ = '../vididi/vididi-vicreg_r3d18_ucf101.py'
