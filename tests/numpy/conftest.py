import sys
from pathlib import Path

# The HIPS-autograd-style suite imports its adapter as a plain module.
sys.path.insert(0, str(Path(__file__).parent))
