"""All-gather that keeps gradients, for losses over the global batch."""
import torch
import torch.distributed as dist


class _AllGatherWithGrad(torch.autograd.Function):
    """Concatenate every process's tensor; gradients flow back to each.

    Every process computes the same loss on the gathered (global) batch. The
    backward all-reduces (sums) the gradient over processes and returns this
    process's slice; DDP's averaging of parameter gradients then yields
    exactly the gradient of that global-batch loss, as one process would get.
    """

    @staticmethod
    def forward(ctx, tensor):
        ctx.batch = tensor.shape[0]
        gathered = [torch.empty_like(tensor) for _ in range(dist.get_world_size())]
        dist.all_gather(gathered, tensor.contiguous())
        return torch.cat(gathered)

    @staticmethod
    def backward(ctx, grad):
        grad = grad.contiguous()
        dist.all_reduce(grad)
        start = dist.get_rank() * ctx.batch
        return grad[start:start + ctx.batch]


def gather_with_grad(tensor: torch.Tensor) -> torch.Tensor:
    """Gather ``(B, ...)`` tensors of all processes into ``(W * B, ...)``.

    Returns the tensor itself outside of a multi-process run. Every process
    must hold the same batch size.
    """
    if not (dist.is_available() and dist.is_initialized()) \
            or dist.get_world_size() == 1:
        return tensor
    return _AllGatherWithGrad.apply(tensor)
