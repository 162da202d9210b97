using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.ML.OnnxRuntime;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Remote;
using ILogger = Serilog.ILogger;

namespace NasLab.DeviceAgent;

/// <summary>The agent's routes: the token check in front of both, the device description, and one measurement at a time.</summary>
internal sealed class AgentEndpoints(AgentOptions options, ILogger log)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private long _measurements;

    public void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!options.Token.Accepts(context.Request.Headers.Authorization.FirstOrDefault()))
            {
                // Which client, never what it sent: a wrong token may be a real token of another agent.
                log.Warning("refused {Method} {Path} from {Client}: missing or wrong token", context.Request.Method, context.Request.Path.Value,
                    context.Connection.RemoteIpAddress);
                await Error(StatusCodes.Status401Unauthorized, "missing or wrong token (send Authorization: Bearer TOKEN, the first line of the agent's --token-file)")
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        app.MapGet(AgentProtocol.DeviceRoute, () => Results.Json(Describe(), AgentProtocol.Json));
        // Written out, not returned: a handler of HttpContext returning Task<IResult> binds as a RequestDelegate, whose result is dropped.
        app.MapPost(AgentProtocol.MeasureRoute, async context => await (await Measure(context)).ExecuteAsync(context));
        app.MapFallback(() => Error(StatusCodes.Status404NotFound, $"no such route; the agent serves GET {AgentProtocol.DeviceRoute} and POST {AgentProtocol.MeasureRoute}"));
    }

    private AgentDescription Describe() =>
        new(DeviceAgentServer.AgentName, LocalOrtDevice.LocalIdentity, MachineDescription.Current, options.MaxModelBytes, Interlocked.Read(ref _measurements));

    private async Task<IResult> Measure(HttpContext context)
    {
        var query = context.Request.Query;
        if (!AgentProtocol.TryReadMeasureQuery(name => query[name].FirstOrDefault(), out var profile, out var protocol, out var problem))
            return Error(StatusCodes.Status400BadRequest, problem);
        if (context.Request.ContentLength is long declared && declared > options.MaxModelBytes)
            return TooLarge(declared);
        var model = await ReadModel(context.Request.Body, context.RequestAborted);
        if (model is null) return TooLarge(null);
        if (model.Length == 0) return Error(StatusCodes.Status400BadRequest, "the request has no model (send the ONNX file as the body)");

        await _oneAtATime.WaitAsync(context.RequestAborted);
        try
        {
            var sha = ModelHash.Sha256(model);
            log.Information("measuring {Sha} ({Bytes} bytes, {Profile})", sha[..12], model.Length, profile.CacheKey);
            var result = await Task.Run(() => new LocalOrtDevice(protocol).Measure(model, profile));
            Interlocked.Increment(ref _measurements);
            log.Information("measured {Sha}: median {Median:F3} ms over {Runs} runs ({Stop})", sha[..12], result.Statistics.MedianMs,
                result.Statistics.Runs, result.Statistics.StopReason);
            return Results.Json(result, AgentProtocol.Json);
        }
        // What the model itself causes (unreadable, an input type or shape that cannot be fed) is the client's to fix: a
        // 422, so a farm does not try the same model on every agent. Anything else is a 500 and may pass.
        catch (Exception e) when (e is OnnxRuntimeException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
        {
            log.Warning("refused a model: {Reason}", e.Message);
            return Error(StatusCodes.Status422UnprocessableEntity, $"not a model ONNX Runtime can measure: {e.Message}");
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>The body, or null when it runs past the size limit (an upload without a declared length).</summary>
    private async Task<byte[]?> ReadModel(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > options.MaxModelBytes) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }

    private IResult TooLarge(long? bytes) => Error(StatusCodes.Status413PayloadTooLarge,
        $"the model{(bytes is long b ? $" is {b:N0} bytes and" : "")} is over this agent's limit of {options.MaxModelBytes:N0} bytes (its --max-model-mb)");

    private static IResult Error(int status, string message) => Results.Json(new AgentError(message), AgentProtocol.Json, statusCode: status);
}
