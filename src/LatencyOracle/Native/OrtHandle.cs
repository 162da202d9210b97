using System.Runtime.InteropServices;

namespace NasLab.LatencyOracle.Native;

/// <summary>
/// Owns one ORT object (session, session options, value, ...) and frees it with the matching
/// <c>Release*</c> function exactly once, even if the owner forgets to dispose.
/// </summary>
internal sealed unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged<nint, void> _release;

    public OrtHandle(nint pointer, delegate* unmanaged<nint, void> release)
        : base(0, ownsHandle: true)
    {
        _release = release;
        SetHandle(pointer);
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>The raw pointer; throws if already released so use-after-dispose is a clear error.</summary>
    public nint Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }

    protected override bool ReleaseHandle()
    {
        _release(handle);
        return true;
    }
}
