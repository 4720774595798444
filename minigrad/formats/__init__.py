"""Checkpoint formats other than minigrad's own: PyTorch's zip archive and safetensors."""
