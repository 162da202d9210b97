using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace NasLab.Dashboard;

/// <summary>
/// Who may read the dashboard. On loopback (the default) anyone on this machine; bound to another address it needs
/// its token, presented once as <c>?token=</c> (then kept in an HttpOnly, same-site cookie) or as a bearer header.
/// </summary>
internal sealed class DashboardAccess(string? token)
{
    public const string Cookie = "naslab_dashboard";

    private readonly byte[]? _token = token is null ? null : Encoding.UTF8.GetBytes(token);

    public bool Required => _token is not null;

    public static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    public bool Allows(HttpRequest request) =>
        _token is null || Matches(request.Cookies[Cookie]) || Matches(request.Query["token"].FirstOrDefault()) ||
        (request.Headers.Authorization.FirstOrDefault() is { } h && h.StartsWith("Bearer ", StringComparison.Ordinal) && Matches(h[7..]));

    /// <summary>The token came in the URL: keep it in a cookie, so the page's own requests carry it.</summary>
    public bool CameInQuery(HttpRequest request) => _token is not null && Matches(request.Query["token"].FirstOrDefault());

    private bool Matches(string? offered) =>
        offered is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), _token);
}
