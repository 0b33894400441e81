"""The training loss is diffusers' script's default: the velocity turned into clean latents, against them."""

from __future__ import annotations

from typing import Any

import torch

from training.trainer import flow_matching_step


class FixedVelocity(torch.nn.Module):
    """A transformer stand-in that predicts one fixed velocity and keeps what it was given."""

    def __init__(self, velocity: torch.Tensor) -> None:
        super().__init__()
        self.gain = torch.nn.Parameter(torch.ones(()))
        self.velocity = velocity
        self.seen: dict[str, torch.Tensor] = {}

    def forward(self, *, hidden_states: torch.Tensor, timestep: torch.Tensor, **_: Any) -> tuple[torch.Tensor]:
        self.seen = {"noisy": hidden_states.detach().clone(), "timestep": timestep.detach().clone()}
        return (self.gain * self.velocity,)


def test_loss_is_on_the_preconditioned_clean_latents() -> None:
    torch.manual_seed(0)
    latents, velocity = torch.randn(2, 4, 8, 8), torch.randn(2, 4, 8, 8)
    transformer = FixedVelocity(velocity)
    parameters = list(transformer.parameters())
    sigmas_all = torch.linspace(1.0, 0.001, 1000)
    loss = flow_matching_step(
        transformer,
        torch.optim.SGD(parameters, lr=0.0),
        parameters,
        latents=latents,
        embeds=torch.zeros(2, 3, 8),
        pooled=torch.zeros(2, 8),
        timesteps_all=sigmas_all * 1000,
        sigmas_all=sigmas_all,
        generator=torch.Generator().manual_seed(1),
        device="cpu",
    )
    noisy = transformer.seen["noisy"]
    sigmas = (transformer.seen["timestep"] / 1000).view(-1, 1, 1, 1)
    assert not torch.equal(sigmas[0], sigmas[1])  # two noise levels, so the weighting shows
    denoised = noisy - sigmas * velocity  # x0 = x_t - σ·v, as `--precondition_outputs 1`
    expected = ((denoised - latents) ** 2).mean()
    assert abs(loss - expected.item()) < 1e-6 * expected.item()
    # The same thing said another way: the velocity error, weighted by σ² per sample.
    noise = (noisy - (1 - sigmas) * latents) / sigmas
    weighted = (sigmas**2 * (velocity - (noise - latents)) ** 2).mean()
    assert abs(loss - weighted.item()) < 1e-4 * weighted.item()
