using System.Net;
using Microsoft.AspNetCore.Http;

namespace NasLab.Dashboard;

/// <summary>Errors for people: a short page (or JSON for the page's own requests) with the status and what to do.</summary>
internal static class ErrorPage
{
    public static IResult Html(int status, string title, string message) => Results.Content($"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} · naslab dashboard</title>
        <link rel="stylesheet" href="/assets/app.css"></head>
        <body><main class="error"><h1>{WebUtility.HtmlEncode(title)}</h1><p id="error-message">{WebUtility.HtmlEncode(message)}</p>
        <p class="note">HTTP {status} · <a href="/">all experiments</a></p></main></body></html>
        """, "text/html; charset=utf-8", statusCode: status);

    public static IResult Json(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
