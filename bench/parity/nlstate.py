"""Reader / writer for NasLab's NLSTATE1 weight files (format: src/Torch/Nn/StateFile.cs)."""
import struct

import numpy as np
import torch

# libtorch ScalarType codes <-> numpy dtypes
_CODES = {6: np.float32, 7: np.float64, 4: np.int64, 3: np.int32, 0: np.uint8}
_BY_DTYPE = {np.dtype(v): k for k, v in _CODES.items()}


def save(path, tensors):
    """tensors: list of (name, torch.Tensor); written in the given order."""
    with open(path, "wb") as f:
        f.write(b"NLSTATE1")
        f.write(struct.pack("<I", len(tensors)))
        for name, t in tensors:
            a = t.detach().cpu().contiguous().numpy()
            raw = name.encode("utf-8")
            f.write(struct.pack("<I", len(raw)))
            f.write(raw)
            f.write(struct.pack("<BB", _BY_DTYPE[a.dtype], a.ndim))
            f.write(struct.pack(f"<{a.ndim}q", *a.shape))
            data = a.tobytes()
            f.write(struct.pack("<Q", len(data)))
            f.write(data)


def load(path):
    """Returns a list of (name, numpy array)."""
    out = []
    with open(path, "rb") as f:
        if f.read(8) != b"NLSTATE1":
            raise ValueError(f"{path}: not an NLSTATE1 file")
        (count,) = struct.unpack("<I", f.read(4))
        for _ in range(count):
            (n,) = struct.unpack("<I", f.read(4))
            name = f.read(n).decode("utf-8")
            code, ndim = struct.unpack("<BB", f.read(2))
            shape = struct.unpack(f"<{ndim}q", f.read(8 * ndim))
            (nbytes,) = struct.unpack("<Q", f.read(8))
            a = np.frombuffer(f.read(nbytes), dtype=_CODES[code]).reshape(shape)
            out.append((name, a))
    return out


def state_entries(module):
    """Parameters then buffers, in registration order, without BN's num_batches_tracked
    (NasLab's order: src/Torch/Nn/Module.cs StateEntries)."""
    params = [(n, p) for n, p in module.named_parameters()]
    buffers = [(n, b) for n, b in module.named_buffers() if not n.endswith("num_batches_tracked")]
    return params + buffers
