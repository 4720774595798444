"""draw_graph, capture and save_graph: the DOT they produce for known graphs."""

import re
import sys
import weakref

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn, viz
from minigrad.ops.conv import conv2d
from minigrad.viz.dot import BAD, STYLES

BR = '<br align="left"/>'
NODE = re.compile(r"^\s*(\w+) \[label=<(.*)> (.*)\]$", re.M)
EDGE = re.compile(r"^\s*(\w+) -> (\w+)(.*)$", re.M)


def nodes(source: str) -> dict[str, tuple[str, str]]:
    """``{id: (label, style attributes)}`` of the boxes (the legend left out)."""
    return {m[1]: (m[2], m[3]) for m in NODE.finditer(source) if m[1] != "legend"}


def edges(source: str) -> list[tuple[str, str]]:
    return [(m[1], m[2]) for m in EDGE.finditer(source)]


def fill(kind: str) -> str:
    return f'fillcolor="{STYLES[kind][1]["fillcolor"]}"'


def small_graph():
    x = mg.tensor([1.0, 2.0, 3.0], requires_grad=True, name="x")
    w = nn.Parameter(mg.tensor([0.5, -1.0, 2.0]))
    return x, w, (x * w).sum()


def test_known_graph_nodes_edges_labels_and_styles():
    _, w, y = small_graph()
    src = viz.draw_graph(y, params={"w": w}).source
    got = nodes(src)
    assert sorted(got) == ["n0", "n1", "n2", "n3"]
    assert set(edges(src)) == {("n2", "n1"), ("n3", "n1"), ("n1", "n0")}
    assert got["n0"][0].startswith("<b>Sum</b>") and "() float32" in got["n0"][0]
    assert got["n1"][0].startswith("<b>Multiply</b>") and "(3,) float32" in got["n1"][0]
    assert got["n2"][0] == "<b>x</b><br/>(3,) float32"
    assert got["n3"][0] == "<b>w</b><br/>(3,) float32"
    assert fill("output") in got["n0"][1] and fill("op") in got["n1"][1]
    assert fill("input") in got["n2"][1] and fill("parameter") in got["n3"][1]
    legend = next(line for line in src.splitlines() if "labelloc" in line)
    for kind in ("input", "parameter", "op", "output"):
        assert f">{STYLES[kind][0]}</td>" in legend
    assert "backward" not in legend
    assert "labelloc" not in viz.draw_graph(y, legend=False).source


def test_parameter_without_params_is_still_a_parameter_and_unnamed_leaves_are_labelled():
    _, _, y = small_graph()
    got = nodes(viz.draw_graph(y).source)
    assert got["n3"][0].startswith("<i>parameter</i>") and fill("parameter") in got["n3"][1]
    c = mg.tensor([1.0, 2.0])
    got = nodes(viz.draw_graph(c * mg.tensor([3.0, 4.0], requires_grad=True)).source)
    assert got["n1"][0].startswith("<i>input</i>")


def test_name_precedence_names_over_params_over_tensor_name():
    x, w, y = small_graph()
    assert "<b>inp</b>" in viz.draw_graph(y, names={"inp": x}).source
    assert "<b>x</b>" in viz.draw_graph(y).source
    both = viz.draw_graph(y, params={"p": w}, names={"q": w}).source
    assert "<b>q</b>" in both and "<b>p</b>" not in both
    y.name = "loss"
    assert nodes(viz.draw_graph(y).source)["n0"][0].endswith("<br/>loss: () float32")


def test_shapes_and_dtypes_can_be_hidden():
    _, _, y = small_graph()
    src = viz.draw_graph(y, show_shapes=False, show_dtypes=False).source
    assert "float32" not in src and "(3,)" not in src
    src = viz.draw_graph(y, show_shapes=False).source
    assert "float32" in src and "(3,)" not in src


def test_op_attributes_reductions_indexing_scalars():
    x = mg.randn(2, 3, 4, requires_grad=True)
    y = x.sum(axis=-1, keepdims=True)[0, 1:3] * 2.5
    got = [label for label, _ in nodes(viz.draw_graph(y).source).values()]
    assert any("<b>Sum</b>" in g and "axes=(2,), keepdims=True" in g for g in got)
    assert any("<b>GetItem</b>" in g and "index=(0, 1:3)" in g for g in got)
    assert any("<b>Multiply</b>" in g and "b=2.5" in g for g in got)
    # An off flag (keepdims=False) is left out.
    z = x.sum(axis=0)
    assert "keepdims" not in viz.draw_graph(z).source


def test_op_attributes_convolution_and_pooling():
    x = mg.randn(1, 2, 7, 7)
    w = mg.randn(3, 2, 3, 3, requires_grad=True)
    y = mg.nn.functional.max_pool2d(conv2d(x, w, stride=2, padding=1), 2)
    got = [label for label, _ in nodes(viz.draw_graph(y).source).values()]
    conv = next(g for g in got if g.startswith("<b>Conv</b>"))
    for attr in ("kernel=(3, 3)", "stride=(2, 2)", "padding=(1, 1)", "dilation=(1, 1)", "groups=1"):
        assert attr in conv
    pool = next(g for g in got if g.startswith("<b>MaxPool</b>"))
    assert "kernel=(2, 2)" in pool and "stride=(2, 2)" in pool
    assert "in_size" not in conv and "out_size" not in conv


def test_show_saved_lists_what_backward_keeps():
    x = mg.randn(2, 3, requires_grad=True)
    got = nodes(viz.draw_graph(x.exp(), show_saved=True).source)
    assert got["n0"][0].endswith(">saved: output</font>")
    x = mg.randn(2, 3, requires_grad=True)
    got = nodes(viz.draw_graph(x * mg.randn(2, 3), show_saved=True).source)
    assert ">saved: input 0, input 1</font>" in got["n0"][0]
    mask = np.array([True, False, True])
    got = nodes(viz.draw_graph(mg.where(mask, x, 0.0), show_saved=True).source)
    assert "cond=array" not in got["n0"][0].split("saved")[0]  # data, not an attribute
    assert "saved: cond: array(3,) bool" in got["n0"][0]
    assert "saved" not in viz.draw_graph(x.exp()).source


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.fc(x)) + x


def block_model():
    mg.manual_seed(0)
    return nn.Sequential(Block(), Block(), nn.Linear(4, 2))


def cluster_tree(source: str) -> list[tuple[int, str]]:
    """``(depth, label)`` of each cluster, in order, with a wrapped label joined again."""
    out = []
    pattern = r"^(\t+)subgraph cluster_\d+ \{\n\t+label=<(.*?)> labeljust"
    for m in re.finditer(pattern, source, re.M):
        lines = m[2].split(BR)
        assert lines[-1] == "" and all(line.startswith("    ") for line in lines[1:-1])
        assert all(len(line) <= 48 for line in lines)
        out.append((len(m[1]), " ".join(line.strip() for line in lines).strip()))
    return out


def test_module_clusters_nested_and_labelled_with_path_and_repr():
    model = block_model()
    src = viz.draw_graph(model(mg.randn(3, 4))).source
    tree = cluster_tree(src)
    assert (1, "Sequential") in tree
    assert (2, "0: Block") in tree and (2, "1: Block") in tree
    assert (3, "0.fc: Linear(in_features=4, out_features=4, bias=True)") in tree
    assert (3, "1.act: ReLU()") in tree
    assert (2, "2: Linear(in_features=4, out_features=2, bias=True)") in tree
    # Parameters are found and named by their path, and drawn inside their module's cluster.
    fc = src.index("label=<0.fc: Linear")
    assert fc < src.index("<b>0.fc.weight</b>") < src.index("}", fc)
    # The residual Add belongs to the block, outside its sub-layers.
    block = src[src.index(f"label=<0: Block{BR}>") : src.index("label=<0.fc:")]
    assert "<b>Add</b>" in block
    flat = viz.draw_graph(model(mg.randn(3, 4)), group_modules=False).source
    assert "subgraph" not in flat and "<b>0.fc.weight</b>" in flat


def test_collapse_modules_draws_one_box_per_module():
    model = block_model()
    out = model(mg.randn(3, 4))
    src = viz.draw_graph(out, collapse_modules="0").source
    boxes = [b for b in nodes(src).items() if b[0].startswith("m")]
    assert [label for _, (label, _) in boxes] == ["<b>0: Block</b><br/>5 ops, 2 parameters"]
    assert all('shape="box3d"' in style for _, (_, style) in boxes)
    assert "<b>0.fc.weight</b>" not in src and "<b>1.fc.weight</b>" in src
    assert "0: Block" not in "".join(label for _, label in cluster_tree(src))


def test_a_chain_of_identical_collapsed_blocks_is_one_box_times_k():
    model = block_model()
    out = model(mg.randn(3, 4))
    src = viz.draw_graph(out, collapse_modules="Block").source
    boxes = [label for box, (label, _) in nodes(src).items() if box.startswith("m")]
    assert boxes == ["<b>0 … 1: Block ×2</b><br/>each 5 ops, 2 parameters"]
    by_type = viz.draw_graph(out, collapse_modules=[Block]).source
    by_path = viz.draw_graph(out, collapse_modules=["0", "1"]).source
    assert by_type == by_path == src
    # Blocks that differ (here: one more op in the second) stay apart.
    model[1].forward = lambda x: model[1].act(model[1].fc(x)) * 2.0 + x
    out = model(mg.randn(3, 4))
    src = viz.draw_graph(out, collapse_modules="Block").source
    boxes = [label for box, (label, _) in nodes(src).items() if box.startswith("m")]
    assert boxes == [
        "<b>1: Block</b><br/>6 ops, 2 parameters",
        "<b>0: Block</b><br/>5 ops, 2 parameters",
    ]


def test_deterministic_byte_identical_dot():
    def run():
        model = block_model()
        mg.manual_seed(1)
        loss = model(mg.randn(3, 4)).sum()
        return viz.draw_graph(loss, show_values=True, view="both").source, model, loss

    # Both runs' objects alive at once: an id() in the DOT would differ.
    first, second = run(), run()
    assert first[0] == second[0]


def test_values_scalars_in_full_arrays_as_stats_nan_and_inf_flagged():
    x = mg.tensor(np.array(0.1), requires_grad=True)
    src = viz.draw_graph(x * 3.0, show_values=True).source
    assert "data = 0.1>" in src  # the leaf, in full
    assert "data = 0.30000000000000004" in src
    small = viz.draw_graph(
        mg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True) * 1.0, show_values=True
    ).source
    assert "data [[1., 2.],<br/>[3., 4.]]" in small  # up to 9 elements in full
    v = mg.tensor([3.0, 4.0, np.nan, np.inf] + [0.0] * 6, requires_grad=True)
    src = viz.draw_graph(v * 1.0, show_values=True).source
    assert "data norm 5, min 0, max 4" in src
    assert f'<font color="{BAD}"><b>NaN ×1 Inf ×1</b></font>' in src
    assert f'color="{BAD}" penwidth="2.5"' in src
    assert "<b>NaN/Inf</b></font></td>" in src  # the legend explains the red
    finite = viz.draw_graph(mg.tensor([1.0], requires_grad=True) * 2, show_values=True).source
    assert BAD not in finite


def test_grads_after_backward_through_capture():
    x = mg.tensor([1.0, -2.0], requires_grad=True, name="x")
    h = (x * x).relu()
    loss = h.sum()
    snap = viz.capture(loss, retain_grads=True)
    loss.backward()
    src = snap.draw(show_grads=True).source
    got = nodes(src)
    assert "grad = 1.0" in got["n0"][0]
    assert got["n1"][0].endswith("<br/>grad [1., 1.]")  # relu's output
    assert got["n3"][0].endswith("<br/>grad [ 2., -4.]")  # x: 2x
    del snap, h  # the snapshot held the intermediates; backward() did not
    after = nodes(viz.draw_graph(loss, show_grads=True, show_values=True).source)
    assert "data freed by backward()" in after["n1"][0]  # relu's output value is gone
    assert after["n3"][0].endswith("<br/>grad [ 2., -4.]")  # x's gradient is not


def mlp_step():
    mg.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    x = mg.randn(5, 4)
    loss = nn.functional.cross_entropy(model(x), mg.tensor(np.array([0, 1, 0, 1, 1])))
    return model, loss


def test_draws_after_backward_the_same_structure_with_leaf_gradients():
    model, loss = mlp_step()
    before = viz.draw_graph(loss).source
    loss.backward()
    after = viz.draw_graph(loss, show_grads=True).source
    # ops, edges, attributes, shapes, dtypes and module clusters are all still there...
    assert edges(after) == edges(before)
    for box, (label, style) in nodes(before).items():
        assert nodes(after)[box][1] == style
        assert nodes(after)[box][0].startswith(label)
    assert after.count("subgraph cluster_") == before.count("subgraph cluster_") == 4
    # ... and the parameters show their gradients.
    grad = model[0].weight.grad.array
    label = next(lbl for lbl, _ in nodes(after).values() if "0.weight" in lbl)
    assert f"grad norm {np.linalg.norm(grad):.4g}" in label
    assert viz.draw_graph(loss, view="backward").source.count("AccumulateGrad") >= 4


def test_after_backward_the_intermediates_are_freed():
    _, loss = mlp_step()
    logits = weakref.ref(loss._ctx.inputs[0])
    relu = next(t for t in mg.autograd.graph_nodes(loss) if t._ctx and t._ctx.name == "Relu")
    relu_node, relu = relu._ctx, weakref.ref(relu)
    loss.backward()
    assert logits() is None and relu() is None  # the graph no longer holds the intermediates
    assert relu_node.inputs is None and relu_node._saved == ()
    src = viz.draw_graph(loss, show_values=True, show_saved=True).source
    assert "data freed by backward()" in src and "the rest freed by backward()" in src
    with pytest.raises(RuntimeError, match="second time"):
        loss.backward()  # structure, but nothing to backpropagate with
    mask = np.array([True, False])  # a constant array argument: shape and dtype, no data
    y = mg.where(mask, mg.randn(2, requires_grad=True), 0.0)
    y.sum().backward()
    kept = next(a for a in y._ctx.input_meta if isinstance(a, mg.autograd.ArrayMeta))
    assert kept.shape == (2,) and kept.dtype == bool


def test_grads_flag_nan_in_red():
    x = mg.tensor([0.0, 1.0], requires_grad=True)
    y = x.sqrt().sum()
    with np.errstate(divide="ignore"):
        y.backward(retain_graph=True)
    src = viz.draw_graph(y, show_grads=True).source
    assert f'<font color="{BAD}"><b>Inf ×1</b></font>' in src


def test_backward_view_functions_and_gradient_flow():
    _, w, y = small_graph()
    c = mg.tensor([1.0, 1.0, 1.0])  # needs no gradient: no AccumulateGrad for it
    y = y + (w * c).sum()
    src = viz.draw_graph(y, params={"w": w}, view="backward").source
    got = nodes(src)
    titles = sorted(label.split("<br/>")[0] for label, _ in got.values())
    assert titles == [
        "<b>AccumulateGrad</b>",
        "<b>AccumulateGrad</b>",
        "<b>AddBackward</b>",
        "<b>MultiplyBackward</b>",
        "<b>MultiplyBackward</b>",
        "<b>SumBackward</b>",
        "<b>SumBackward</b>",
    ]
    assert all(k.startswith(("b", "g")) for k in got)
    assert all("dir=back" in line for line in src.splitlines() if "->" in line)
    accumulate = [label for label, _ in got.values() if "AccumulateGrad" in label]
    assert sorted(a.split("<br/>")[1] for a in accumulate) == ["w", "x"]
    both = viz.draw_graph(y, view="both").source
    assert "backward pass" in both and len(nodes(both)) == len(got) + len(
        nodes(viz.draw_graph(y).source)
    )
    assert ">backward function</td>" in both


def test_graph_recorded_by_create_graph_can_be_drawn():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    (g,) = mg.autograd.grad((x**3).sum(), x, create_graph=True)
    labels = [label for label, _ in nodes(viz.draw_graph(g).source).values()]
    # d/dx sum(x**3) = 3 x**2, recorded as ops on x: the VJP's own graph.
    heads = sorted(lab.split("<br/>")[0] for lab in labels)
    assert heads == ["<b>Multiply</b>", "<b>Power</b>", "<i>input</i>", "<i>input</i>"]


def test_max_nodes_elides_and_says_what():
    x = mg.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(30):
        y = (y * 0.5).sin()
    src = viz.draw_graph(y, max_nodes=10).source
    got = nodes(src)
    assert len(got) == 11 and "elided" in got
    assert "51 more nodes not drawn" in got["elided"][0]
    assert "Multiply ×25, Sin ×25, input ×1" in got["elided"][0]
    assert "max_nodes=10" in got["elided"][0]
    assert [e for e in edges(src) if e[0] == "elided"] == [("elided", "n9")]
    assert "n0" in got and "n9" in got and "n10" not in got
    assert "elided" not in viz.draw_graph(y, max_nodes=61).source


def test_bad_arguments_raise_naming_them():
    _, _, y = small_graph()
    with pytest.raises(ValueError, match="draw_graph: direction must be one of .* 'UP'"):
        viz.draw_graph(y, direction="UP")
    with pytest.raises(ValueError, match="draw_graph: view must be one of"):
        viz.draw_graph(y, view="sideways")
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="draw_graph: max_nodes must be a positive int"):
            viz.draw_graph(y, max_nodes=bad)
    with pytest.raises(TypeError, match=r"draw_graph: outputs\[1\] is ndarray, not a Tensor"):
        viz.draw_graph(y, np.ones(2))
    with pytest.raises(TypeError, match="draw_graph: give at least one output"):
        viz.draw_graph()
    with pytest.raises(TypeError, match=r"draw_graph: params\['w'\] is list, not a Tensor"):
        viz.draw_graph(y, params={"w": [1.0]})
    with pytest.raises(TypeError, match="draw_graph: names must be a mapping"):
        viz.draw_graph(y, names=[y])


def test_a_leaf_alone_and_a_constant_output():
    x = mg.tensor([1.0, 2.0])
    got = nodes(viz.draw_graph(x).source)
    assert list(got) == ["n0"] and fill("input") in got["n0"][1]


def chain(links):
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    y = x
    for _ in range(links):
        y = (y * 0.5).relu()
    return y


def calls_to_draw(y):
    """How many Python and C functions drawing ``y`` calls: a count of the work done that,
    unlike a timing, does not depend on the machine or on what else runs on it."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        count += event in ("call", "c_call")

    sys.setprofile(profile)
    try:
        source = viz.draw_graph(y).source
    finally:
        sys.setprofile(None)
    return count, source


def test_drawing_costs_linear_work_in_the_graph_size():
    # 10,001 boxes. Speed itself is measured in benchmarks/bench_graph_scaling.py.
    small, _ = calls_to_draw(chain(1250))
    big, source = calls_to_draw(chain(5000))
    assert len(nodes(source)) == 10_001 and len(edges(source)) == 10_000
    assert 3.8 < big / small < 4.2, f"4x the nodes took {big / small:.2f}x the calls"


def test_save_graph_writes_source_and_images(tmp_path):
    if viz.find_renderer() is None:
        pytest.skip("no renderer installed")
    _, _, y = small_graph()
    written = viz.save_graph(viz.draw_graph(y), tmp_path / "sub" / "g")
    assert [p.name for p in written] == ["g.dot", "g.svg", "g.png"]
    assert written[0].read_text() == viz.draw_graph(y).source
    assert written[2].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in written[1].read_bytes()
