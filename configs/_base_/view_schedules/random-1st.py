# Table 6, "+Random 1st": no schedule; both streams differentiated once with
# probability 0.5 per batch.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(0, 0)],
         extra_order_probs=[0.5, 0.5])
]
