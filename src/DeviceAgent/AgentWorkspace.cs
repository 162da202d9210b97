namespace NasLab.DeviceAgent;

/// <summary>
/// The one folder the agent may write: a fresh directory under the system's temporary folder, made the web host's
/// content root and its buffering folder (ASPNETCORE_TEMP), and deleted when the agent stops. Models are measured
/// from memory, so in practice nothing is written there either; the folder makes the rule hold if that changes.
/// </summary>
public sealed class AgentWorkspace : IDisposable
{
    private AgentWorkspace(string path) => Path = path;

    public string Path { get; }

    public static AgentWorkspace Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"naslab-agent-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        // ASP.NET Core buffers large request bodies and forms to ASPNETCORE_TEMP (else the user's temp folder).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEMP", path);
        return new AgentWorkspace(path);
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the OS cleans its temp folder */ }
    }
}
