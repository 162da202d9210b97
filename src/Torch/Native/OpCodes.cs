namespace NasLab.Torch.Native;

// Op codes understood by the shim's dispatchers (native/ops_elementwise.cpp); keep in sync.
internal enum UnaryOp { Relu = 0, Relu6 = 1, HardSwish = 2, HardSigmoid = 3, Silu = 4, Sigmoid = 5, Tanh = 6, Exp = 7, Log = 8, Neg = 9, Abs = 10, Sqrt = 11, Square = 12, LogicalNot = 13, IsNan = 14, IsFinite = 15 }

internal enum BinaryOp { Add = 0, Sub = 1, Mul = 2, Div = 3, Eq = 4, Ne = 5, Gt = 6, Lt = 7, Ge = 8, Le = 9, Maximum = 10, Minimum = 11, Pow = 12, MatMul = 13 }

/// <summary>Tensor-scalar ops; the codes match <see cref="BinaryOp"/> where both exist.</summary>
internal enum ScalarOp { Add = 0, Sub = 1, Mul = 2, Div = 3, Eq = 4, Ne = 5, Gt = 6, Lt = 7, Ge = 8, Le = 9, ClampMin = 10, ClampMax = 11, Pow = 12, ReverseSub = 13, ReverseDiv = 14 }

internal enum ReduceOp { Sum = 0, Mean = 1, Max = 2, Min = 3, Prod = 4, Std = 5, Var = 6 }

internal enum CreateKind { Empty = 0, Zeros = 1, Ones = 2, Full = 3, Randn = 4, Rand = 5 }

internal enum InitKind { Fill = 0, Uniform = 1, Normal = 2, Zero = 3 }
