namespace NasLab.Controller.Training;

/// <summary>How the controller's policy is optimised from rewarded samples.</summary>
public enum PolicyGradientAlgorithm
{
    /// <summary>Williams' REINFORCE with a moving-average baseline (NAS, ENAS): one gradient step per batch.</summary>
    Reinforce,

    /// <summary>Proximal policy optimisation with the clipped surrogate (NASNet, MnasNet): several epochs per batch.</summary>
    Ppo,
}
