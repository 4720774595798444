# The ported code is kept as its authors wrote it (`input`, %-format, unused unpacked names):
# ruff: noqa: A002, B007, RUF059, UP031
"""karpathy/nanoGPT ``model.py`` (LayerNorm with optional bias, CausalSelfAttention through
``F.scaled_dot_product_attention`` or the manual masked_fill path, MLP, Block, GPT with weight
tying, ``configure_optimizers`` and ``generate``) and the core of its ``train.py`` (get_lr's
warmup + cosine decay, ``estimate_loss`` under ``@torch.no_grad()``, gradient accumulation,
``torch.cuda.amp.GradScaler(enabled=False)``, clip_grad_norm_, ``zero_grad(set_to_none=True)``),
ported mechanically at a tiny size; and karpathy/minGPT's older ``mingpt/model.py`` (the
``register_buffer`` tril mask, ``@autocast()`` from ``torch.cuda.amp``). ``get_batch`` draws
its offsets from a NumPy generator shared by both runs instead of ``torch.randint``. Dropout is
0, the initial weights shared: the losses must be PyTorch's."""

import inspect
import math
from contextlib import nullcontext
from dataclasses import dataclass

import numpy as np
import pytest


def nanogpt_model(torch, flash):
    nn = torch.nn
    F = torch.nn.functional

    class LayerNorm(nn.Module):
        """LayerNorm but with an optional bias. PyTorch doesn't support simply bias=False"""

        def __init__(self, ndim, bias):
            super().__init__()
            self.weight = nn.Parameter(torch.ones(ndim))
            self.bias = nn.Parameter(torch.zeros(ndim)) if bias else None

        def forward(self, input):
            return F.layer_norm(input, self.weight.shape, self.weight, self.bias, 1e-5)

    class CausalSelfAttention(nn.Module):
        def __init__(self, config):
            super().__init__()
            assert config.n_embd % config.n_head == 0
            # key, query, value projections for all heads, but in a batch
            self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)
            # output projection
            self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)
            # regularization
            self.attn_dropout = nn.Dropout(config.dropout)
            self.resid_dropout = nn.Dropout(config.dropout)
            self.n_head = config.n_head
            self.n_embd = config.n_embd
            self.dropout = config.dropout
            # flash attention make GPU go brrrrr but support is only in PyTorch >= 2.0
            self.flash = hasattr(torch.nn.functional, "scaled_dot_product_attention") and flash
            if not self.flash:
                print("WARNING: using slow attention. Flash Attention requires PyTorch >= 2.0")
                # causal mask to ensure that attention is only applied to the left in the input
                # sequence
                self.register_buffer(
                    "bias",
                    torch.tril(torch.ones(config.block_size, config.block_size)).view(
                        1, 1, config.block_size, config.block_size
                    ),
                )

        def forward(self, x):
            B, T, C = x.size()  # batch size, sequence length, embedding dimensionality (n_embd)

            # calculate query, key, values for all heads in batch and move head forward to be
            # the batch dim
            q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
            k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
            q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
            v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)

            # causal self-attention; Self-attend: (B, nh, T, hs) x (B, nh, hs, T) -> (B, nh, T, T)
            if self.flash:
                # efficient attention using Flash Attention CUDA kernels
                y = torch.nn.functional.scaled_dot_product_attention(
                    q,
                    k,
                    v,
                    attn_mask=None,
                    dropout_p=self.dropout if self.training else 0,
                    is_causal=True,
                )
            else:
                # manual implementation of attention
                att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
                att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float("-inf"))
                att = F.softmax(att, dim=-1)
                att = self.attn_dropout(att)
                y = att @ v  # (B, nh, T, T) x (B, nh, T, hs) -> (B, nh, T, hs)
            y = (
                y.transpose(1, 2).contiguous().view(B, T, C)
            )  # re-assemble all head outputs side by side

            # output projection
            y = self.resid_dropout(self.c_proj(y))
            return y

    class MLP(nn.Module):
        def __init__(self, config):
            super().__init__()
            self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
            self.gelu = nn.GELU()
            self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)
            self.dropout = nn.Dropout(config.dropout)

        def forward(self, x):
            x = self.c_fc(x)
            x = self.gelu(x)
            x = self.c_proj(x)
            x = self.dropout(x)
            return x

    class Block(nn.Module):
        def __init__(self, config):
            super().__init__()
            self.ln_1 = LayerNorm(config.n_embd, bias=config.bias)
            self.attn = CausalSelfAttention(config)
            self.ln_2 = LayerNorm(config.n_embd, bias=config.bias)
            self.mlp = MLP(config)

        def forward(self, x):
            x = x + self.attn(self.ln_1(x))
            x = x + self.mlp(self.ln_2(x))
            return x

    @dataclass
    class GPTConfig:
        block_size: int = 1024
        vocab_size: int = 50304
        n_layer: int = 12
        n_head: int = 12
        n_embd: int = 768
        dropout: float = 0.0
        bias: bool = True

    class GPT(nn.Module):
        def __init__(self, config):
            super().__init__()
            assert config.vocab_size is not None
            assert config.block_size is not None
            self.config = config

            self.transformer = nn.ModuleDict(
                dict(
                    wte=nn.Embedding(config.vocab_size, config.n_embd),
                    wpe=nn.Embedding(config.block_size, config.n_embd),
                    drop=nn.Dropout(config.dropout),
                    h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
                    ln_f=LayerNorm(config.n_embd, bias=config.bias),
                )
            )
            self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
            # https://paperswithcode.com/method/weight-tying
            self.transformer.wte.weight = self.lm_head.weight

            # init all weights
            self.apply(self._init_weights)
            # apply special scaled init to the residual projections, per GPT-2 paper
            for pn, p in self.named_parameters():
                if pn.endswith("c_proj.weight"):
                    torch.nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

            # report number of parameters
            print("number of parameters: %.2fM" % (self.get_num_params() / 1e6,))

        def get_num_params(self, non_embedding=True):
            n_params = sum(p.numel() for p in self.parameters())
            if non_embedding:
                n_params -= self.transformer.wpe.weight.numel()
            return n_params

        def _init_weights(self, module):
            if isinstance(module, nn.Linear):
                torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
                if module.bias is not None:
                    torch.nn.init.zeros_(module.bias)
            elif isinstance(module, nn.Embedding):
                torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)

        def forward(self, idx, targets=None):
            device = idx.device
            b, t = idx.size()
            assert t <= self.config.block_size, (
                f"Cannot forward sequence of length {t}, block size is only "
                f"{self.config.block_size}"
            )
            pos = torch.arange(0, t, dtype=torch.long, device=device)  # shape (t)

            # forward the GPT model itself
            tok_emb = self.transformer.wte(idx)  # token embeddings of shape (b, t, n_embd)
            pos_emb = self.transformer.wpe(pos)  # position embeddings of shape (t, n_embd)
            x = self.transformer.drop(tok_emb + pos_emb)
            for block in self.transformer.h:
                x = block(x)
            x = self.transformer.ln_f(x)

            if targets is not None:
                # if we are given some desired targets also calculate the loss
                logits = self.lm_head(x)
                loss = F.cross_entropy(
                    logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1
                )
            else:
                # inference-time mini-optimization: only forward the lm_head on the very last
                # position
                logits = self.lm_head(
                    x[:, [-1], :]
                )  # note: using list [-1] to preserve the time dim
                loss = None

            return logits, loss

        def configure_optimizers(self, weight_decay, learning_rate, betas, device_type):
            # start with all of the candidate parameters
            param_dict = {pn: p for pn, p in self.named_parameters()}
            # filter out those that do not require grad
            param_dict = {pn: p for pn, p in param_dict.items() if p.requires_grad}
            # create optim groups. Any parameters that is 2D will be weight decayed, otherwise no.
            decay_params = [p for n, p in param_dict.items() if p.dim() >= 2]
            nodecay_params = [p for n, p in param_dict.items() if p.dim() < 2]
            optim_groups = [
                {"params": decay_params, "weight_decay": weight_decay},
                {"params": nodecay_params, "weight_decay": 0.0},
            ]
            num_decay_params = sum(p.numel() for p in decay_params)
            num_nodecay_params = sum(p.numel() for p in nodecay_params)
            print(
                f"num decayed parameter tensors: {len(decay_params)}, with "
                f"{num_decay_params:,} parameters"
            )
            print(
                f"num non-decayed parameter tensors: {len(nodecay_params)}, with "
                f"{num_nodecay_params:,} parameters"
            )
            # Create AdamW optimizer and use the fused version if it is available
            fused_available = "fused" in inspect.signature(torch.optim.AdamW).parameters
            use_fused = fused_available and device_type == "cuda"
            extra_args = dict(fused=True) if use_fused else dict()
            optimizer = torch.optim.AdamW(optim_groups, lr=learning_rate, betas=betas, **extra_args)
            print(f"using fused AdamW: {use_fused}")
            return optimizer

        @torch.no_grad()
        def generate(self, idx, max_new_tokens, temperature=1.0, top_k=None):
            for _ in range(max_new_tokens):
                # if the sequence context is growing too long we must crop it at block_size
                idx_cond = (
                    idx
                    if idx.size(1) <= self.config.block_size
                    else idx[:, -self.config.block_size :]
                )
                # forward the model to get the logits for the index in the sequence
                logits, _ = self(idx_cond)
                # pluck the logits at the final step and scale by desired temperature
                logits = logits[:, -1, :] / temperature
                # optionally crop the logits to only the top k options
                if top_k is not None:
                    v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                    logits[logits < v[:, [-1]]] = -float("Inf")
                # apply softmax to convert logits to (normalized) probabilities
                probs = F.softmax(logits, dim=-1)
                # sample from the distribution
                idx_next = torch.multinomial(probs, num_samples=1)
                # append sampled index to the running sequence and continue
                idx = torch.cat((idx, idx_next), dim=1)

            return idx

    return GPT, GPTConfig


def nanogpt_train(torch, sync, data, flash, max_iters):
    GPT, GPTConfig = nanogpt_model(torch, flash)
    # train.py's configuration, shrunk (config/train_shakespeare_char.py, on CPU)
    gradient_accumulation_steps = 2
    batch_size = 4
    block_size = 8
    n_layer, n_head, n_embd, dropout, bias = 2, 2, 16, 0.0, True
    learning_rate = 1e-2
    weight_decay = 1e-1
    beta1, beta2 = 0.9, 0.99
    grad_clip = 1.0
    decay_lr = True
    warmup_iters = 2
    lr_decay_iters = max_iters
    min_lr = 1e-3
    eval_interval, eval_iters = 4, 2
    device, device_type, dtype = "cpu", "cpu", "float32"
    torch.backends.cuda.matmul.allow_tf32 = True  # allow tf32 on matmul
    torch.backends.cudnn.allow_tf32 = True  # allow tf32 on cudnn
    ptdtype = (
        {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[dtype]
        if hasattr(torch, "bfloat16")
        else torch.float32
    )
    ctx = (
        nullcontext()
        if device_type == "cpu"
        else torch.amp.autocast(device_type=device_type, dtype=ptdtype)
    )
    offsets = np.random.default_rng(1)  # the shared draws: train.py uses torch.randint

    def get_batch(split):
        n = int(0.9 * len(data))
        split_data = data[:n] if split == "train" else data[n:]
        ix = torch.from_numpy(offsets.integers(len(split_data) - block_size, size=(batch_size,)))
        x = torch.stack(
            [torch.from_numpy((split_data[i : i + block_size]).astype(np.int64)) for i in ix]
        )
        y = torch.stack(
            [
                torch.from_numpy((split_data[i + 1 : i + 1 + block_size]).astype(np.int64))
                for i in ix
            ]
        )
        return x.to(device), y.to(device)

    model_args = dict(
        n_layer=n_layer, n_head=n_head, n_embd=n_embd, block_size=block_size, bias=bias,
        vocab_size=13, dropout=dropout,
    )  # fmt: skip
    gptconf = GPTConfig(**model_args)
    model = GPT(gptconf)
    sync(model)
    model.to(device)
    scaler = torch.cuda.amp.GradScaler(enabled=(dtype == "float16"))
    optimizer = model.configure_optimizers(weight_decay, learning_rate, (beta1, beta2), device_type)

    @torch.no_grad()
    def estimate_loss():
        out = {}
        model.eval()
        for split in ["train", "val"]:
            losses = torch.zeros(eval_iters)
            for k in range(eval_iters):
                X, Y = get_batch(split)
                with ctx:
                    logits, loss = model(X, Y)
                losses[k] = loss.item()
            out[split] = losses.mean()
        model.train()
        return out

    def get_lr(it):
        # 1) linear warmup for warmup_iters steps
        if it < warmup_iters:
            return learning_rate * (it + 1) / (warmup_iters + 1)
        # 2) if it > lr_decay_iters, return min learning rate
        if it > lr_decay_iters:
            return min_lr
        # 3) in between, use cosine decay down to min learning rate
        decay_ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters)
        assert 0 <= decay_ratio <= 1
        coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))  # coeff ranges 0..1
        return min_lr + coeff * (learning_rate - min_lr)

    X, Y = get_batch("train")  # fetch the very first batch
    iter_num = 0
    seen = []
    while True:
        lr = get_lr(iter_num) if decay_lr else learning_rate
        for param_group in optimizer.param_groups:
            param_group["lr"] = lr
        if iter_num % eval_interval == 0:
            losses = estimate_loss()
            print(
                f"step {iter_num}: train loss {losses['train']:.4f}, val loss {losses['val']:.4f}"
            )
            seen.append((losses["train"].item(), losses["val"].item()))
        for micro_step in range(gradient_accumulation_steps):
            with ctx:
                logits, loss = model(X, Y)
                loss = loss / gradient_accumulation_steps
            X, Y = get_batch("train")
            scaler.scale(loss).backward()
        if grad_clip != 0.0:
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
        scaler.step(optimizer)
        scaler.update()
        optimizer.zero_grad(set_to_none=True)
        lossf = loss.item() * gradient_accumulation_steps
        print(f"iter {iter_num}: loss {lossf:.4f}")
        seen.append(lossf)
        iter_num += 1
        if iter_num > max_iters:
            break
    model.eval()
    sample = model.generate(torch.tensor([[1, 2]]), 6, temperature=0.8, top_k=1)
    return seen, sample.tolist(), model.get_num_params()


def flat(seen):
    """The recorded losses, evaluation pairs unpacked."""
    return np.array([v for x in seen for v in (x if isinstance(x, tuple) else (x,))])


@pytest.mark.filterwarnings("ignore:.*torch.cuda.amp.GradScaler.*is deprecated:FutureWarning")
@pytest.mark.parametrize("flash", [True, False], ids=["sdpa", "manual-attention"])
def test_nanogpt_trains_as_in_pytorch(run_ported, flash):
    # a character stream with structure: "abcabc..." with noise, over a vocabulary of 13
    rng = np.random.default_rng(0)
    data = ((np.arange(400) % 5) + (rng.random(400) < 0.1) * 7).astype(np.uint16)
    ours, theirs = run_ported(nanogpt_train, data, flash, 8)
    np.testing.assert_allclose(flat(ours[0]), flat(theirs[0]), rtol=2e-4)
    assert ours[1] == theirs[1]
    assert ours[2] == theirs[2]
    assert ours[0][-1] < ours[0][1]


def mingpt_program(torch, sync, idx_np, targets_np):
    nn = torch.nn
    F = torch.nn.functional
    from_amp = torch.cuda.amp
    autocast = from_amp.autocast

    class GPTConfig:
        """base GPT config, params common to all GPT versions"""

        embd_pdrop = 0.1
        resid_pdrop = 0.1
        attn_pdrop = 0.1

        def __init__(self, vocab_size, block_size, **kwargs):
            self.vocab_size = vocab_size
            self.block_size = block_size
            for k, v in kwargs.items():
                setattr(self, k, v)

    class CausalSelfAttention(nn.Module):
        def __init__(self, config):
            super().__init__()
            assert config.n_embd % config.n_head == 0
            # key, query, value projections for all heads
            self.key = nn.Linear(config.n_embd, config.n_embd)
            self.query = nn.Linear(config.n_embd, config.n_embd)
            self.value = nn.Linear(config.n_embd, config.n_embd)
            # regularization
            self.attn_drop = nn.Dropout(config.attn_pdrop)
            self.resid_drop = nn.Dropout(config.resid_pdrop)
            # output projection
            self.proj = nn.Linear(config.n_embd, config.n_embd)
            # causal mask to ensure that attention is only applied to the left in the input
            # sequence
            self.register_buffer(
                "mask",
                torch.tril(torch.ones(config.block_size, config.block_size)).view(
                    1, 1, config.block_size, config.block_size
                ),
            )
            self.n_head = config.n_head

        @autocast()
        def forward(self, x, layer_past=None):
            B, T, C = x.size()

            # calculate query, key, values for all heads in batch and move head forward to be
            # the batch dim
            k = self.key(x).view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
            q = self.query(x).view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
            v = self.value(x).view(B, T, self.n_head, C // self.n_head).transpose(1, 2)

            # causal self-attention; Self-attend: (B, nh, T, hs) x (B, nh, hs, T) -> (B, nh, T, T)
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
            att = att.masked_fill(self.mask[:, :, :T, :T] == 0, float("-inf"))
            att = F.softmax(att, dim=-1)
            att = self.attn_drop(att)
            y = att @ v  # (B, nh, T, T) x (B, nh, T, hs) -> (B, nh, T, hs)
            y = y.transpose(1, 2).contiguous().view(B, T, C)  # re-assemble all head outputs

            # output projection
            y = self.resid_drop(self.proj(y))
            return y

    class Block(nn.Module):
        """an unassuming Transformer block"""

        def __init__(self, config):
            super().__init__()
            self.ln1 = nn.LayerNorm(config.n_embd)
            self.ln2 = nn.LayerNorm(config.n_embd)
            self.attn = CausalSelfAttention(config)
            self.mlp = nn.Sequential(
                nn.Linear(config.n_embd, 4 * config.n_embd),
                nn.GELU(),
                nn.Linear(4 * config.n_embd, config.n_embd),
                nn.Dropout(config.resid_pdrop),
            )

        @autocast()
        def forward(self, x):
            x = x + self.attn(self.ln1(x))
            x = x + self.mlp(self.ln2(x))
            return x

    class GPT(nn.Module):
        """the full GPT language model, with a context size of block_size"""

        def __init__(self, config):
            super().__init__()

            # input embedding stem
            self.tok_emb = nn.Embedding(config.vocab_size, config.n_embd)
            self.pos_emb = nn.Parameter(torch.zeros(1, config.block_size, config.n_embd))
            self.drop = nn.Dropout(config.embd_pdrop)
            # transformer
            self.blocks = nn.Sequential(*[Block(config) for _ in range(config.n_layer)])
            # decoder head
            self.ln_f = nn.LayerNorm(config.n_embd)
            self.head = nn.Linear(config.n_embd, config.vocab_size, bias=False)

            self.block_size = config.block_size
            self.apply(self._init_weights)

        def _init_weights(self, module):
            if isinstance(module, (nn.Linear, nn.Embedding)):
                module.weight.data.normal_(mean=0.0, std=0.02)
                if isinstance(module, nn.Linear) and module.bias is not None:
                    module.bias.data.zero_()
            elif isinstance(module, nn.LayerNorm):
                module.bias.data.zero_()
                module.weight.data.fill_(1.0)

        def get_block_size(self):
            return self.block_size

        @autocast()
        def forward(self, idx, targets=None):
            b, t = idx.size()
            assert t <= self.block_size, "Cannot forward, model block size is exhausted."

            # forward the GPT model
            token_embeddings = self.tok_emb(idx)  # each index maps to a (learnable) vector
            position_embeddings = self.pos_emb[:, :t, :]  # each position maps to a vector
            x = self.drop(token_embeddings + position_embeddings)
            x = self.blocks(x)
            x = self.ln_f(x)
            logits = self.head(x)

            # if we are given some desired targets also calculate the loss
            loss = None
            if targets is not None:
                loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))

            return logits, loss

    config = GPTConfig(11, 6, n_layer=2, n_head=2, n_embd=8)
    model = sync(GPT(config))
    model.eval()  # dropout off: both runs compute the same thing
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    idx, targets = torch.from_numpy(idx_np), torch.from_numpy(targets_np)
    losses = []
    for _ in range(5):
        logits, loss = model(idx, targets)
        model.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return logits.detach().numpy(), losses


@pytest.mark.filterwarnings("ignore:.*CUDA is not available:UserWarning")
@pytest.mark.filterwarnings("ignore:.*torch.cuda.amp.autocast.*is deprecated:FutureWarning")
def test_mingpt_with_cuda_autocast_decorators_matches_pytorch(run_ported):
    rng = np.random.default_rng(0)
    idx = rng.integers(0, 11, (3, 6))
    ours, theirs = run_ported(mingpt_program, idx, (idx + 1) % 11)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-5)
    assert ours[1][-1] < ours[1][0]
