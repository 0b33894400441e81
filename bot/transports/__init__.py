"""The platforms children write from: each only translates between its format and the use-cases."""
