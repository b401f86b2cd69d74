# Table 6, "+Random 1st & 2nd": no schedule; order 0, 1 or 2 drawn per batch.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(0, 0)],
         extra_order_probs=[1 / 3, 1 / 3, 1 / 3])
]
