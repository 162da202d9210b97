namespace NasLab.Evaluator;

/// <summary>MNIST and Fashion-MNIST: four IDX files (train/t10k images and labels), gzip or plain.</summary>
internal sealed class IdxSource : DatasetSource
{
    private static readonly string[] Files =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    public static readonly DatasetLayout FashionLayout = new("fashion-mnist", "Fashion-MNIST", null, Files,
        "On Debian/Ubuntu: `apt-get install dataset-fashion-mnist` (installs them in " + DatasetCatalog.DebianFashionMnistDirectory +
        "), or download the four files from the zalandoresearch/fashion-mnist repository (data/fashion/).", AcceptGzipVariants: true);

    public static readonly DatasetLayout MnistLayout = new("mnist", "MNIST", null, Files,
        "Download the four files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and " +
        "t10k-labels-idx1-ubyte.gz of the original MNIST distribution into DIR (gzip or unpacked both work).", AcceptGzipVariants: true);

    public static readonly string[] FashionClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static readonly string[] DigitClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private readonly DatasetLayout _layout;
    private readonly IReadOnlyList<string> _classNames;

    public IdxSource(DatasetLayout layout, IReadOnlyList<string> classNames, string directory)
    {
        _layout = layout;
        _classNames = classNames;
        Directory = layout.Locate(directory);
    }

    public override string Name => _layout.Name;
    public override string Directory { get; }

    public override ImageDataset LoadTrain() => Load("train", DatasetPartition.Train);
    public override ImageDataset LoadTest() => Load("t10k", DatasetPartition.Test);

    private ImageDataset Load(string prefix, DatasetPartition partition) =>
        IdxReader.ReadDataset(
            _layout.Require(Directory, $"{prefix}-images-idx3-ubyte"),
            _layout.Require(Directory, $"{prefix}-labels-idx1-ubyte"),
            _classNames.Count, _classNames,
            $"{_layout.DisplayName} {partition.ToString().ToLowerInvariant()} in {Directory}", partition);
}
