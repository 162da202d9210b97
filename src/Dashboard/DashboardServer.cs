using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NasLab.Dashboard.Api;
using NasLab.Search.Config;
using NasLab.Search.Store;

namespace NasLab.Dashboard;

/// <summary>
/// <c>naslab dashboard</c>: a read-only web app over one experiment or every experiment of an output folder or a
/// PostgreSQL database. Pages are one embedded page and script (no CDN, works offline) that read a JSON API and
/// poll a cheap change stamp, so they update while a search writes. Stores are only ever opened read-only
/// (<see cref="ReaderCache"/>). Bound to loopback by default; any other address needs a token.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private static readonly string[] Pages = ["", "trials", "pareto", "history", "controller"];

    private readonly WebApplication _app;
    private readonly ReaderCache _readers;

    private DashboardServer(WebApplication app, ReaderCache readers, Uri address) => (_app, _readers, Address) = (app, readers, address);

    public Uri Address { get; }

    public static async Task<DashboardServer> StartAsync(DashboardOptions options, CancellationToken cancellationToken = default)
    {
        var ip = options.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(options.Host, out var parsed) ? parsed
            : throw new ArgumentException($"--host: '{options.Host}' is not an IP address (127.0.0.1 for this machine only, 0.0.0.0 for every interface)");
        if (!IPAddress.IsLoopback(ip) && options.Token is null)
            throw new ArgumentException($"--host {options.Host}: a dashboard reachable from other machines needs --token-file (its first line is the token browsers must present)");
        var catalog = new ExperimentCatalog(options.Target);
        _ = catalog.List(); // a target that is not an experiment, a folder of them or a database is an error now, not on the first page
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "naslab-dashboard", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(ip, options.Port));
        // Snake-case names as the store's own fields; NaN or infinity (a diverged loss) as strings rather than a failed page.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals;
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
        });
        var app = builder.Build();
        var readers = new ReaderCache();
        new Routes(catalog, readers, new DashboardAccess(options.Token), options.Artifacts).Map(app);
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DashboardServer(app, readers, new Uri(bound));
    }

    public async Task WaitAsync(CancellationToken stop)
    {
        try { await Task.Delay(Timeout.Infinite, stop); }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _readers.Dispose();
    }

    private sealed class Routes(ExperimentCatalog catalog, ReaderCache readers, DashboardAccess access, ITrialArtifacts artifacts)
    {
        public void Map(WebApplication app)
        {
            app.Use(async (context, next) =>
            {
                if (!access.Allows(context.Request))
                {
                    var message = "this dashboard is reachable from other machines and needs its token: open it as /?token=TOKEN (the first line of its --token-file)";
                    await (IsApi(context) ? ErrorPage.Json(401, message) : ErrorPage.Html(401, "Token needed", message)).ExecuteAsync(context);
                    return;
                }
                if (access.CameInQuery(context.Request))
                {
                    context.Response.Cookies.Append(DashboardAccess.Cookie, context.Request.Query["token"]!, new CookieOptions
                    {
                        HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/",
                    });
                    // Out of the address bar and the history: the same page without the token.
                    context.Response.Redirect(context.Request.Path);
                    return;
                }
                context.Response.Headers["Cache-Control"] = "no-store";
                await next(context);
            });

            app.MapGet("/assets/{file}", (string file) => Asset(file));
            app.MapGet("/", () => Shell());
            foreach (var page in Pages.Where(p => p.Length > 0))
                app.MapGet($"/e/{{name}}/{page}", (string name) => Guard(name, false, (_, _) => Shell()));
            app.MapGet("/e/{name}", (string name) => Guard(name, false, (_, _) => Shell()));
            app.MapGet("/e/{name}/trials/{id:int}", (string name, int id) => Guard(name, false, (store, _) =>
                store.GetTrial(id) is null ? ErrorPage.Html(404, "No such trial", $"experiment '{name}' has no trial {id} (it has {store.Count()} trials)") : Shell()));

            app.MapGet("/api/experiments", () => Api(() => Results.Json(catalog.List().Select(Summary).ToList())));
            app.MapGet("/api/e/{name}/stamp", (string name) => Guard(name, true, (store, _) => Results.Json(new { stamp = Stamp(store) })));
            app.MapGet("/api/e/{name}/overview", (string name) => Guard(name, true, (store, s) => Results.Json(OverviewData.Build(store, s, DateTimeOffset.UtcNow))));
            app.MapGet("/api/e/{name}/trials", (string name, HttpRequest request) => Guard(name, true, (store, _) => TrialPage(store, request)));
            app.MapGet("/api/e/{name}/trials/{id:int}", (string name, int id) => Guard(name, true, (store, _) =>
                store.GetTrial(id) is { } t ? Results.Json(TrialDetailData.Build(t, artifacts)) : ErrorPage.Json(404, $"experiment '{name}' has no trial {id}")));
            app.MapGet("/api/e/{name}/trials/{id:int}/export/{format}", (string name, int id, string format) => Guard(name, true, (store, _) => Export(store, name, id, format)));
            app.MapGet("/api/e/{name}/pareto", (string name) => Guard(name, true, (store, s) => Results.Json(ParetoData.Build(store, s))));
            app.MapGet("/api/e/{name}/history", (string name) => Guard(name, true, (store, _) => Results.Json(HistoryData.Build(store))));
            app.MapGet("/api/e/{name}/controller", (string name) => Guard(name, true, (store, s) => Results.Json(ControllerData.Build(store, s))));
            app.MapFallback((HttpContext context) => IsApi(context)
                ? ErrorPage.Json(404, $"no such API route: {context.Request.Path}")
                : ErrorPage.Html(404, "No such page", $"there is no page at {context.Request.Path}"));
        }

        private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

        /// <summary>Opens the experiment, then answers; a missing experiment or a store that cannot be read is a clear error, never a stack trace.</summary>
        private IResult Guard(string name, bool api, Func<ITrialReader, ExperimentSettings, IResult> answer)
        {
            try
            {
                var source = catalog.Find(name);
                if (source is null)
                {
                    var known = string.Join(", ", catalog.List().Select(e => e.Name));
                    var message = $"no experiment '{name}' in {catalog.Target}" + (known.Length > 0 ? $"; experiments: {known}" : "; it holds none");
                    return api ? ErrorPage.Json(404, message) : ErrorPage.Html(404, "No such experiment", message);
                }
                var store = readers.Open(source);
                return answer(store, ExperimentSettings.Of(store.GetExperiment()));
            }
            catch (Exception e) when (e is TrialStoreException or IOException or UnauthorizedAccessException)
            {
                var message = $"experiment '{name}' cannot be read: {e.Message}";
                return api ? ErrorPage.Json(503, message) : ErrorPage.Html(503, "Store cannot be read", message);
            }
        }

        private static IResult Api(Func<IResult> answer)
        {
            try { return answer(); }
            catch (Exception e) when (e is TrialStoreException or IOException or UnauthorizedAccessException) { return ErrorPage.Json(503, e.Message); }
        }

        private object Summary(ExperimentSource source)
        {
            try
            {
                var store = readers.Open(source);
                var experiment = store.GetExperiment();
                var best = store.ListTrials(new TrialQuery(TrialStatus.Completed, "reward", Top: 1)).FirstOrDefault();
                return new { name = source.Name, status = experiment.Status.ToDb(), trials = store.Count(), completed = store.Count(TrialStatus.Completed),
                    best_reward = best?.Reward, updated_at = experiment.UpdatedAt, error = (string?)null };
            }
            catch (Exception e) when (e is TrialStoreException or IOException or UnauthorizedAccessException)
            {
                return new { name = source.Name, status = "unreadable", trials = 0, completed = 0, best_reward = (double?)null, updated_at = (DateTimeOffset?)null, error = (string?)e.Message };
            }
        }

        /// <summary>Changes whenever a trial is added or changes state: the pages poll it and reload only then.</summary>
        private static string Stamp(ITrialReader store)
        {
            var e = store.GetExperiment();
            return $"{e.Status.ToDb()}|{e.UpdatedAt.ToUnixTimeMilliseconds()}|{store.Count()}|{store.Count(TrialStatus.Running)}|{store.Count(TrialStatus.Completed)}|{store.Count(TrialStatus.Failed)}";
        }

        private static IResult TrialPage(ITrialReader store, HttpRequest request)
        {
            var q = request.Query;
            int Int(string key, int fallback, int min, int max) =>
                int.TryParse(q[key].FirstOrDefault(), out var v) ? Math.Clamp(v, min, max) : fallback;
            var sort = q["sort"].FirstOrDefault() ?? "id";
            bool? descending = q["desc"].FirstOrDefault() switch { "1" or "true" => true, "0" or "false" => false, _ => null };
            TrialStatus? status = null;
            if (q["status"].FirstOrDefault() is { Length: > 0 } s)
            {
                try { status = StatusNames.ParseTrialStatus(s); }
                catch (TrialStoreException e) { return ErrorPage.Json(400, e.Message); }
            }
            var query = new TrialQuery(status, sort, descending, Int("take", 100, 1, DashboardOptions.MaxPageSize), Int("skip", 0, 0, int.MaxValue));
            try { query.Validate(); }
            catch (TrialStoreException e) { return ErrorPage.Json(400, e.Message); }
            var rows = store.ListTrials(query);
            return Results.Json(new { total = store.Count(status), skip = query.Skip, rows = rows.Select(TrialJson.Row) });
        }

        private IResult Export(ITrialReader store, string name, int id, string format)
        {
            if (format is not ("csharp" or "onnx")) return ErrorPage.Json(400, $"format '{format}' is not an export format; allowed: csharp, onnx");
            if (store.GetTrial(id) is not { } trial) return ErrorPage.Json(404, $"experiment '{name}' has no trial {id}");
            if (TrialDetailData.TryParse(trial.ArchitectureJson) is not { } net) return ErrorPage.Json(422, $"trial {id}'s stored architecture cannot be read");
            try
            {
                var file = artifacts.Export(name, trial, net, format);
                return Results.File(file.Content, file.ContentType, file.FileName);
            }
            catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidOperationException)
            {
                return ErrorPage.Json(422, $"trial {id} cannot be exported as {format}: {e.Message}");
            }
        }

        private static IResult Shell() => Asset("index.html");

        private static IResult Asset(string file)
        {
            var stream = typeof(DashboardServer).Assembly.GetManifestResourceStream($"assets/{file}");
            if (stream is null) return ErrorPage.Html(404, "No such file", $"the dashboard has no asset '{file}'");
            var type = Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            return Results.Stream(stream, type);
        }
    }
}
