namespace NasLab.LatencyOracle.Remote;

/// <summary>
/// An agent answered and refused the request (wrong token, corrupt or oversized model, bad parameters) or describes
/// another device than the rest of its farm. Asking again, or asking another agent, would not help.
/// </summary>
public sealed class DeviceRefusedException(string message) : Exception(message);
