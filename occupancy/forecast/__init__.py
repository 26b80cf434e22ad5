"""The forecast of seats taken: history (history.py), the model (model.py), its backtest (backtest.py), the
table written ahead (store.py) and what pages show of it (present.py)."""
