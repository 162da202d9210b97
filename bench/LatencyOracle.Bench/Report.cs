using System.Text;

namespace NasLab.LatencyOracle.Bench;

/// <summary>Prints lines to the console as they come and keeps them for RESULTS.md.</summary>
internal sealed class Report
{
    private readonly StringBuilder _text = new();

    public void Line(string line = "")
    {
        Console.WriteLine(line);
        _text.AppendLine(line);
    }

    public void Save(string path) => File.WriteAllText(path, _text.ToString());
}
