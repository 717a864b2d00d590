"""The live labs as a learner meets them on Binder: in a running kernel, change a control, press "Run the
simulation", and the lab's chart and numbers arrive in its output area.

No attribute of the widget is read: the test is the frontend. It starts a real ipykernel (jupyter_client),
displays each lab of the catalogue, finds its controls in the comm messages the kernel opens, sends the
messages JupyterLab sends when a slider moves and the button is clicked, and reads what the kernel sends
back: the Output widget taking the click's output (its ``msg_id``), and the display data with that parent,
which JupyterLab puts into the Output widget.
"""

from __future__ import annotations

import queue
import re
from html import unescape

import pytest
from jupyter_client.manager import start_new_kernel

from mlops_book.labs.catalogue import LABS
from mlops_book.labs.charts import SIMULATION_LABEL


@pytest.fixture(scope="module")
def kernel():
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _replies(client, msg_id: str, timeout: float = 180) -> list[dict]:
    """Every iopub message the kernel sends while handling ``msg_id``, until it is idle again."""
    messages = []
    while True:
        try:
            message = client.get_iopub_msg(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"the kernel sent nothing for {timeout} s while handling {msg_id}")
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(message)
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            return messages


def _execute(client, code: str) -> list[dict]:
    messages = _replies(client, client.execute(code))
    errors = [m["content"] for m in messages if m["msg_type"] == "error"]
    assert not errors, "\n".join(line for e in errors for line in e["traceback"])
    return messages


def _comm_msg(client, comm_id: str, data: dict) -> list[dict]:
    """Send what JupyterLab's widget manager sends to a widget's model, and the kernel's replies."""
    message = client.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
    client.shell_channel.send(message)
    return _replies(client, message["header"]["msg_id"])


def _models(messages) -> dict[str, dict]:
    """The widget models the kernel opened, with the updates it sent after (a label set after the
    control was made): comm id -> state, as the frontend's widget manager holds them."""
    models: dict[str, dict] = {}
    for m in messages:
        content = m["content"]
        if m["msg_type"] == "comm_open" and content["target_name"] == "jupyter.widget":
            models[content["comm_id"]] = dict(content["data"]["state"])
        elif m["msg_type"] == "comm_msg" and content["data"].get("method") == "update":
            models.setdefault(content["comm_id"], {}).update(content["data"]["state"])
    return models


def _one(models: dict, **wanted) -> str:
    found = [cid for cid, state in models.items() if all(state.get(k) == v for k, v in wanted.items())]
    assert len(found) == 1, f"{len(found)} widget models with {wanted}"
    return found[0]


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.name)
def test_run_the_simulation_shows_the_chart_and_the_numbers(kernel, lab):
    opened = _execute(
        kernel,
        f"from IPython.display import display\nfrom mlops_book.labs import pages\ndisplay(pages.live({lab.name!r}))",
    )
    shown = [m for m in opened if m["msg_type"] == "display_data"]
    assert any("application/vnd.jupyter.widget-view+json" in m["content"]["data"] for m in shown), lab.name
    models = _models(opened)
    button = _one(models, _model_name="ButtonModel", description="Run the simulation")
    output = _one(models, _model_name="OutputModel")
    # the learner moves the lab's second control to another value of the grid, then presses the button
    parameter, values = list(lab.grid().items())[1]
    control = _one(models, description=parameter.replace("_", " "))
    state = models[control]
    if "index" in state:  # a selection: the frontend sends the index of the option chosen
        change = {"index": 0 if state["index"] else 1}
    else:
        change = {"value": values[-1] if state["value"] != values[-1] else values[0]}
    models[control].update(change)
    moved = _comm_msg(kernel, control, {"method": "update", "state": change, "buffer_paths": []})
    assert not [m for m in moved if m["msg_type"] == "error"], lab.name
    click = kernel.session.msg("comm_msg", {"comm_id": button, "data": {"method": "custom",
                                                                         "content": {"event": "click"}}})
    kernel.shell_channel.send(click)
    replies = _replies(kernel, click["header"]["msg_id"])
    assert not [m for m in replies if m["msg_type"] == "error"], lab.name

    # the Output widget takes the click's output: JupyterLab routes display data with that parent into it
    captured = [
        m["content"]["data"]["state"]["msg_id"]
        for m in replies
        if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == output
        and "msg_id" in m["content"]["data"].get("state", {})
    ]
    assert click["header"]["msg_id"] in captured, f"{lab.name}: the output area never took the result"
    into_output = [m for m in replies if m["msg_type"] == "display_data"]
    assert len(into_output) == 1, f"{lab.name}: {len(into_output)} displays in the output area, not 1"
    html = into_output[0]["content"]["data"]["text/html"]

    # what the learner sees: a chart (inline SVG, described) and the numbers of the state they asked for
    assert re.search(r'<svg[^>]*role="img"', html), f"{lab.name}: no chart in the output"
    assert SIMULATION_LABEL in unescape(html), f"{lab.name}: the chart is not captioned as a simulation"
    values = _values(models, lab)
    expected = lab.state(**values).words
    assert expected in unescape(html), f"{lab.name}: the numbers are not those of {values}:\n{expected}"
    opened_on = lab.state(**{**values, parameter: lab.default_state()[parameter]}).words
    assert opened_on != expected, f"{lab.name}: moving {parameter} changes nothing a learner sees"


def _values(models: dict, lab) -> dict:
    """The value of each of the lab's parameters as its control shows it (a selection's label read back
    through the lab's record)."""
    values = {}
    for parameter, spec in lab.live_ranges().items():
        state = models[_one(models, description=parameter.replace("_", " "))]
        if "value" in state:
            values[parameter] = state["value"]
        else:  # a selection: the label shown, and the value behind it
            label = state["_options_labels"][state["index"]]
            pairs = [item if isinstance(item, tuple) else (str(item), item) for item in spec]
            values[parameter] = dict(pairs)[label]
    return values
