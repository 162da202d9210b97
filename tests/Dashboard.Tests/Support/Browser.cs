using PuppeteerSharp;

namespace NasLab.Dashboard.Tests.Support;

/// <summary>
/// Debian's chromium, headless, driven by PuppeteerSharp; never a downloaded browser. <c>NASLAB_CHROMIUM</c>
/// overrides the path; <c>./bootstrap.sh --test</c> installs the package.
/// </summary>
internal static class Browser
{
    public static string ExecutablePath()
    {
        var path = Environment.GetEnvironmentVariable("NASLAB_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";
        if (!File.Exists(path))
            throw new InvalidOperationException($"no chromium at {path}: install Debian's package (./bootstrap.sh --test does) or set NASLAB_CHROMIUM");
        return path;
    }

    public static Task<IBrowser> LaunchAsync() => Puppeteer.LaunchAsync(new LaunchOptions
    {
        ExecutablePath = ExecutablePath(),
        Headless = true,
        // The test machine runs as root in a container: chromium's sandbox needs user namespaces it may not have.
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions"],
        DefaultViewport = new ViewPortOptions { Width = 1280, Height = 900 },
    });
}
