"""The governance pages. Each view reads through the restricted selectors or
`get_visible_or_404`, calls one service to write, and renders.

One module per topic; governance/urls.py names each view by its module."""
