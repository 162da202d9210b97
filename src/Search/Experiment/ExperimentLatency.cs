using NasLab.Search.Config;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Lut;
using NasLab.LatencyOracle.Oracle;
using NasLab.LatencyOracle.Remote;
using NasLab.SearchSpace.Architecture;

namespace NasLab.Search.Experiment;

/// <summary>
/// The one way a latency oracle is set up, for <c>search</c> and <c>zoo</c> alike: device profile,
/// measurement protocol, and the per-machine cache and lookup table in one cache directory (shared by all
/// experiments and zoo runs of this user, since they describe the machine), so a network measured by one
/// command is not measured again by the other.
/// </summary>
public sealed class ExperimentLatency
{
    /// <summary>Random children measured in full to calibrate a fresh lookup table.</summary>
    public const int CalibrationSize = 6;

    private readonly int _verifyEvery;

    private ExperimentLatency(ArchitectureLatencyOracle oracle, OracleMode mode, int verifyEvery) =>
        (Oracle, Mode, _verifyEvery) = (oracle, mode, verifyEvery);

    public ArchitectureLatencyOracle Oracle { get; }
    public OracleMode Mode { get; }
    public string ModeName => OracleModes.Name(Mode);

    public static ExperimentLatency Create(LatencyConfig config, string cacheDirectory)
    {
        var profile = ProfileOf(config);
        var protocol = new MeasurementProtocol(WarmupRuns: config.WarmupRuns, MinRuns: config.Runs, MaxRuns: config.Runs);
        var device = DeviceOf(config, protocol);
        var cache = OpenCache(cacheDirectory);
        var mode = config.Mode switch
        {
            LatencyMode.Measured => OracleMode.Measured,
            LatencyMode.Lut => OracleMode.Lut,
            _ => OracleMode.LutVerify,
        };
        var table = mode == OracleMode.Measured ? null
            : new LatencyLookupTable(LatencyTable.PathFor(cacheDirectory, profile, device.Identity), device, profile);
        return new ExperimentLatency(new ArchitectureLatencyOracle(device, profile, cache, table), mode, config.VerifyEvery);
    }

    /// <summary>
    /// How to obtain <paramref name="net"/>'s latency. <c>lut+verify</c> measures about one network in
    /// <c>latency.verify_every</c> in full besides its estimate and only estimates the others; which ones is decided
    /// by the architecture hash, so every worker and every resume verify the same networks.
    /// </summary>
    public OracleMode ModeFor(NetworkArchitecture net) =>
        Mode != OracleMode.LutVerify ? Mode : IsVerified(ArchitectureHash.Of(net), _verifyEvery) ? OracleMode.LutVerify : OracleMode.Lut;

    /// <summary>Whether a network with this (hex) architecture hash is one of the sample <c>lut+verify</c> measures.</summary>
    public static bool IsVerified(string architectureHash, int verifyEvery) =>
        Convert.ToUInt64(architectureHash[..15], 16) % (ulong)verifyEvery == 0;

    /// <summary>The file whole-network measurements are cached in, inside a cache directory.</summary>
    public static string MeasurementsFile(string cacheDirectory) => Path.Combine(cacheDirectory, "measurements.json");

    private static DeviceProfile ProfileOf(LatencyConfig config) => config.Device switch
    {
        LatencyDevice.Cpu1Thread => DeviceProfile.CpuOneThread,
        LatencyDevice.Cpu2Threads => DeviceProfile.CpuTwoThreads,
        LatencyDevice.Remote => new DeviceProfile($"remote-{config.Threads}threads", IntraOpThreads: config.Threads),
        _ => new DeviceProfile($"custom-{config.Threads}threads", IntraOpThreads: config.Threads),
    };

    /// <summary>
    /// This machine, or the farm of agents <c>latency.device</c> names. A farm is asked for its device description
    /// here, so an agent that is down or refuses the token stops the command before anything is measured.
    /// </summary>
    private static ILatencyDevice DeviceOf(LatencyConfig config, MeasurementProtocol protocol)
    {
        if (config.Device != LatencyDevice.Remote) return new LocalOrtDevice(protocol);
        string token;
        try { token = AgentTokenFile.Read(Path.GetFullPath(config.TokenFile!)); }
        catch (ArgumentException e) { throw new UserErrorException($"latency.token_file: {e.Message}"); }
        var farm = new LatencyDeviceFarm(config.Agents.Select(a => new RemoteLatencyDevice(a, token, protocol, config.AgentTimeout)).ToList());
        try { _ = farm.Reference(); }
        catch (Exception e) when (e is DeviceUnavailableException or DeviceRefusedException)
        {
            throw new UserErrorException($"latency.device: {e.Message}");
        }
        return farm;
    }

    private static LatencyCache OpenCache(string cacheDirectory)
    {
        var file = MeasurementsFile(cacheDirectory);
        try
        {
            Directory.CreateDirectory(cacheDirectory);
            return new LatencyCache(file);
        }
        catch (InvalidDataException e)
        {
            // A damaged cache is the user's file to remove, not an internal error; measuring again is safe.
            throw new UserErrorException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"latency cache directory {cacheDirectory}: {e.Message}");
        }
    }

    /// <summary>Calibrates the lookup table on a few full measurements when it has never been calibrated.</summary>
    public bool EnsureCalibrated(Func<int, NetworkArchitecture> sample)
    {
        if (Oracle.Table is not { IsCalibrated: false }) return false;
        var nets = Enumerable.Range(0, CalibrationSize).Select(sample).OfType<BlockNetwork>().ToList();
        if (nets.Count < 2) return false;
        Oracle.Calibrate(nets);
        return true;
    }

    /// <summary>The default per-user cache directory: $XDG_CACHE_HOME/naslab/latency or ~/.cache/naslab/latency.</summary>
    public static string DefaultCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "naslab", "latency");
    }
}
