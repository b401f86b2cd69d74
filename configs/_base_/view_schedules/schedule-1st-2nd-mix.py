# Table 6, "+Schedule 1st & 2nd & Mix": +Schedule 1st & Mix, plus both
# streams differentiated once more with probability 0.5 per batch.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(1, 1), (1, 0), (0, 0)],
         extra_order_probs=[0.5, 0.5])
]
