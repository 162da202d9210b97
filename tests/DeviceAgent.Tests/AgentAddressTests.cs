using NasLab.LatencyOracle.Remote;

namespace NasLab.DeviceAgent.Tests;

public class AgentAddressTests
{
    [Theory]
    [InlineData("remote:pi4.local:5071", "pi4.local", 5071, "http://pi4.local:5071/")]
    [InlineData("remote:10.0.0.7:1", "10.0.0.7", 1, "http://10.0.0.7:1/")]
    [InlineData("remote:[::1]:65535", "::1", 65535, "http://[::1]:65535/")]
    [InlineData("REMOTE:board:8080", "board", 8080, "http://board:8080/")]
    public void Valid_addresses_parse_to_host_port_and_url(string text, string host, int port, string url)
    {
        Assert.True(AgentAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(new AgentAddress(host, port), address);
        Assert.Equal(url, address.BaseUri.ToString());
        Assert.True(AgentAddress.TryParse(address.ToString(), out var again, out _));
        Assert.Equal(address, again);
    }

    [Theory]
    [InlineData("pi4:5071", "does not start with 'remote:'")]
    [InlineData("remote:pi4", "has no port")]
    [InlineData("remote:pi4:0", "from 1 to 65535")]
    [InlineData("remote:pi4:70000", "from 1 to 65535")]
    [InlineData("remote:pi4:50x", "from 1 to 65535")]
    [InlineData("remote::5071", "has no port")]
    [InlineData("remote:fe80::1:5071", "in brackets")]
    [InlineData("remote:[::1]5071", "in brackets")]
    [InlineData("remote:user@pi4:5071", "is not a host name")]
    public void Malformed_addresses_say_what_is_wrong(string text, string problem)
    {
        Assert.False(AgentAddress.TryParse(text, out _, out var error));
        Assert.Contains(problem, error);
        Assert.Contains(text, error);
    }
}
