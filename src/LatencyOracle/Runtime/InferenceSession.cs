using System.Runtime.InteropServices;
using NasLab.LatencyOracle.Native;

namespace NasLab.LatencyOracle.Runtime;

/// <summary>
/// An ORT inference session over an in-memory ONNX model, with float32 inputs and outputs.
/// Dispose it to free the native session deterministically.
/// </summary>
public sealed unsafe class InferenceSession : IDisposable
{
    private readonly OrtRuntime _runtime;
    private readonly OrtHandle _session;
    private readonly nint[] _outputNamePointers;

    private InferenceSession(OrtRuntime runtime, OrtHandle session)
    {
        _runtime = runtime;
        _session = session;
        Inputs = ReadInfos(isInput: true);
        Outputs = ReadInfos(isInput: false);
        _outputNamePointers = Outputs.Select(o => Marshal.StringToCoTaskMemUTF8(o.Name)).ToArray();
    }

    /// <summary>Model inputs in graph order.</summary>
    public IReadOnlyList<TensorInfo> Inputs { get; }

    /// <summary>Model outputs in graph order.</summary>
    public IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>Creates a session from serialized ONNX bytes.</summary>
    /// <exception cref="OnnxRuntimeException">ORT rejected the model (carries ORT's message).</exception>
    public static InferenceSession Create(byte[] model, SessionSettings? settings = null, OrtRuntime? runtime = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Length == 0)
            throw new ArgumentException("Model bytes are empty.", nameof(model));
        runtime ??= OrtRuntime.Shared;
        var api = runtime.Api;

        using var options = SessionOptionsFactory.Create(runtime, settings ?? SessionSettings.Default);
        nint session;
        fixed (byte* data = model)
        {
            api.Check(api.CreateSessionFromArray(runtime.Environment, data, (nuint)model.Length, options.Pointer, &session),
                "CreateSessionFromArray");
        }
        var handle = new OrtHandle(session, api.ReleaseSession);
        try
        {
            return new InferenceSession(runtime, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Wraps inputs as ORT values once, for repeated <see cref="Run(BoundInputs)"/> calls.</summary>
    public BoundInputs Bind(IReadOnlyDictionary<string, FloatTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return new BoundInputs(_runtime, inputs);
    }

    /// <summary>Runs the model once and returns every output by name.</summary>
    /// <exception cref="OnnxRuntimeException">ORT rejected the inputs (e.g. wrong shape or name).</exception>
    public IReadOnlyDictionary<string, FloatTensor> Run(IReadOnlyDictionary<string, FloatTensor> inputs)
    {
        using var bound = Bind(inputs);
        return Run(bound);
    }

    /// <summary>Runs the model once on pre-bound inputs and returns every output by name.</summary>
    public IReadOnlyDictionary<string, FloatTensor> Run(BoundInputs inputs)
    {
        var outputs = RunRaw(inputs);
        try
        {
            var result = new Dictionary<string, FloatTensor>(Outputs.Count);
            for (var i = 0; i < outputs.Length; i++)
                result[Outputs[i].Name] = ReadFloatTensor(outputs[i], Outputs[i].Name);
            return result;
        }
        finally
        {
            Release(outputs);
        }
    }

    /// <summary>Runs once and frees the outputs unread: the inner loop of latency measurement.</summary>
    public void RunDiscardingOutputs(BoundInputs inputs) => Release(RunRaw(inputs));

    public void Dispose()
    {
        if (_session.IsClosed)
            return;
        _session.Dispose();
        foreach (var name in _outputNamePointers)
            Marshal.FreeCoTaskMem(name);
    }

    private nint[] RunRaw(BoundInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var api = _runtime.Api;
        var inputNames = new nint[inputs.Count];
        var inputValues = new nint[inputs.Count];
        inputs.CopyPointers(inputNames, inputValues);
        var outputs = new nint[_outputNamePointers.Length]; // null entries: ORT allocates the outputs.

        fixed (nint* inNames = inputNames)
        fixed (nint* inValues = inputValues)
        fixed (nint* outNames = _outputNamePointers)
        fixed (nint* outValues = outputs)
        {
            var status = api.Run(_session.Pointer, 0, inNames, inValues, (nuint)inputNames.Length,
                outNames, (nuint)outputs.Length, outValues);
            if (status != 0)
            {
                Release(outputs);
                api.Check(status, "Run");
            }
        }
        return outputs;
    }

    private void Release(nint[] values)
    {
        foreach (var value in values)
            if (value != 0)
                _runtime.Api.ReleaseValue(value);
        Array.Clear(values);
    }

    private FloatTensor ReadFloatTensor(nint value, string name)
    {
        var api = _runtime.Api;
        nint info;
        api.Check(api.GetTensorTypeAndShape(value, &info), "GetTensorTypeAndShape");
        using var infoHandle = new OrtHandle(info, api.ReleaseTensorTypeAndShapeInfo);
        var (shape, _, elementType) = TensorTypeReader.ReadShape(api, info);
        if (elementType != TensorInfo.Float32)
            throw new NotSupportedException($"Output '{name}' has ONNX element type {elementType}; only float32 outputs are supported.");

        nuint count;
        api.Check(api.GetTensorShapeElementCount(info, &count), "GetTensorShapeElementCount");
        var data = new float[checked((int)count)];
        if (data.Length > 0)
        {
            void* source;
            api.Check(api.GetTensorMutableData(value, &source), "GetTensorMutableData");
            new ReadOnlySpan<float>(source, data.Length).CopyTo(data);
        }
        return new FloatTensor(data, shape);
    }

    private IReadOnlyList<TensorInfo> ReadInfos(bool isInput)
    {
        var api = _runtime.Api;
        var session = _session.Pointer;
        nuint count;
        api.Check(isInput ? api.SessionGetInputCount(session, &count) : api.SessionGetOutputCount(session, &count),
            isInput ? "SessionGetInputCount" : "SessionGetOutputCount");

        var infos = new List<TensorInfo>((int)count);
        for (nuint i = 0; i < count; i++)
        {
            var name = ReadName(session, i, isInput);
            nint typeInfo;
            api.Check(isInput ? api.SessionGetInputTypeInfo(session, i, &typeInfo) : api.SessionGetOutputTypeInfo(session, i, &typeInfo),
                isInput ? "SessionGetInputTypeInfo" : "SessionGetOutputTypeInfo");
            using var typeInfoHandle = new OrtHandle(typeInfo, api.ReleaseTypeInfo);
            infos.Add(TensorTypeReader.FromTypeInfo(api, name, typeInfo));
        }
        return infos;
    }

    private string ReadName(nint session, nuint index, bool isInput)
    {
        var api = _runtime.Api;
        var allocator = _runtime.DefaultAllocator;
        byte* name;
        api.Check(isInput ? api.SessionGetInputName(session, index, allocator, &name) : api.SessionGetOutputName(session, index, allocator, &name),
            isInput ? "SessionGetInputName" : "SessionGetOutputName");
        try
        {
            return Marshal.PtrToStringUTF8((nint)name) ?? "";
        }
        finally
        {
            // The string was allocated by ORT with this allocator and must go back to it.
            api.Check(api.AllocatorFree(allocator, name), "AllocatorFree");
        }
    }
}
