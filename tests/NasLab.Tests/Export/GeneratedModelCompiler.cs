using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NasLab.Torch;
using NasLab.Torch.Nn;

namespace NasLab.Tests.Export;

/// <summary>Compiles generated model code in memory with Roslyn, as a user's project would, and instantiates its class.</summary>
public static class GeneratedModelCompiler
{
    // The framework plus this test's dependencies (NasLab.Torch among them): what a project referencing NasLab.Torch sees.
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToArray());

    public static Module<Tensor, Tensor> Instantiate(string source, string className, string namespaceName = "NasLab.Models")
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create("Generated" + Guid.NewGuid().ToString("N"), [tree], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        // Warnings count too: generated code should be as clean as hand-written code.
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(result.Success && problems.Count == 0,
            "generated code does not compile cleanly:\n" + string.Join("\n", problems) + "\n---\n" + source);
        var assembly = Assembly.Load(image.ToArray());
        var type = assembly.GetType($"{namespaceName}.{className}") ?? throw new InvalidOperationException($"no class {className}");
        return (Module<Tensor, Tensor>)Activator.CreateInstance(type)!;
    }
}
