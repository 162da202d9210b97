namespace NasLab.SearchSpace.Schema;

/// <summary>
/// One categorical choice the controller makes, e.g. "block3.kernel" with choices ["3", "5"].
/// <see cref="Kind"/> groups decisions that share a softmax head and embedding in the LSTM
/// controller (ENAS / MnasNet share one head per decision kind across blocks).
/// </summary>
public sealed record Decision(string Name, string Kind, IReadOnlyList<string> Choices)
{
    public int Count => Choices.Count;
}
