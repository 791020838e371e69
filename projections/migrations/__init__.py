"""What the migrations of every read model (projections/<read model>/migrations/) share."""
