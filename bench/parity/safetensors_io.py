"""Minimal safetensors reader / writer (numpy only; Debian's python3 has no safetensors package).

Format (https://huggingface.co/docs/safetensors): little-endian u64 header length, a JSON header
{name: {"dtype", "shape", "data_offsets": [begin, end]}} padded with spaces to 8 bytes, then the
raw little-endian tensor bytes. TorchSharp.PyBridge's Safetensors reads and writes the same files.
"""
import json
import struct

import numpy as np
import torch

_DTYPES = {"F64": np.float64, "F32": np.float32, "I64": np.int64, "I32": np.int32, "U8": np.uint8, "BOOL": np.bool_}
_NAMES = {np.dtype(v): k for k, v in _DTYPES.items()}


def save(path, tensors):
    """tensors: iterable of (name, torch.Tensor); written in the given order."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors:
        a = t.detach().cpu().contiguous().numpy()  # not np.ascontiguousarray: it makes 0-d arrays 1-d
        data = a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": _NAMES[a.dtype], "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for data in blobs:
            f.write(data)


def load(path):
    """Returns {name: torch.Tensor} in file order."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        body = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        begin, end = e["data_offsets"]
        a = np.frombuffer(body[begin:end], dtype=np.dtype(_DTYPES[e["dtype"]]).newbyteorder("<")).reshape(e["shape"])
        out[name] = torch.from_numpy(a.copy())
    return out
