namespace NasLab.Dashboard;

/// <summary>How the dashboard runs.</summary>
/// <param name="Target">An experiment folder, its <c>trials.db</c>, an output folder of experiments, or a PostgreSQL URL.</param>
/// <param name="Host">Address to bind: loopback by default; any other address needs <paramref name="Token"/>.</param>
/// <param name="Port">TCP port; 0 picks a free one.</param>
/// <param name="Token">The secret a browser must present when the dashboard listens beyond this machine.</param>
public sealed record DashboardOptions(string Target, string Host, int Port, string? Token, ITrialArtifacts Artifacts)
{
    public const int DefaultPort = 5080;
    public const string DefaultHost = "127.0.0.1";

    /// <summary>Rows per page of the trials table; the page asks for more as the user scrolls.</summary>
    public const int MaxPageSize = 500;
}
