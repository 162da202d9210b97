namespace NasLab.LatencyOracle.Remote;

/// <summary>
/// An agent could not be reached, did not answer in time, or dropped the connection: worth retrying, or asking
/// another agent. No latency came back, so none is reported.
/// </summary>
public sealed class DeviceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
